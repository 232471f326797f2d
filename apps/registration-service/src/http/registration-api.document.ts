import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BODY_LIMIT } from './body-error.handler';
import { MAX_BODY_DEPTH } from './request-body.rules';

const DESCRIPTION = [
  "Sector Alarm customer service registers a customer's S-Group owner-customer relationship (consent).",
  'See docs/registration-api.md.',
  '',
  'Every call needs a per-agent API key, checked before anything else is read: without a valid one',
  'every `/v1/*` request is answered 401, whatever its method, path or body.',
  'Then: an unknown path is 404; a method the path does not have is 405 with an `Allow` header;',
  `a body that is not \`application/json\` in UTF-8 is 415; over ${BODY_LIMIT} it is 413;`,
  `objects or arrays nested deeper than ${MAX_BODY_DEPTH} levels, unknown fields and malformed values are 400`,
  'naming each field at fault. No request is answered 5xx except 503 when a dependency is down.',
].join('\n');

/** The OpenAPI document, from the controllers' decorators; served at /docs-json and linted in CI. */
export function registrationApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Registration API')
      .setDescription(DESCRIPTION)
      .setVersion('1')
      .setLicense('Proprietary: Sector Alarm', 'https://www.sectoralarm.fi/')
      // Relative: the service answers wherever it is deployed.
      .addServer('/', 'this registration service')
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'sak_<key id>_<secret>',
          description: 'per-agent API key (opaque, not a JWT)',
        },
        'bearer',
      )
      .addApiKey(
        { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'the same per-agent API key' },
        'api-key',
      )
      .addTag('registrations', "the customer's S-Group owner-customer registration (consent, R6)")
      .addTag('customers', "the customer's contracts as the CRM feed has them (R8)")
      .addTag('agents', 'the agent behind a key')
      .build(),
  );
}
