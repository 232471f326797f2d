import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DEFAULT_TOPICS } from '@sa/contracts';
import { AppModule } from '../app.module';
import { RegistrationConfig } from '../config/registration.config';
import { registrationApiDocument } from '../http/registration-api.document';

// Never used to connect: in preview mode Nest resolves no provider, so no database or broker is needed.
const PREVIEW_CONFIG: RegistrationConfig = {
  logLevel: 'error',
  shutdownTimeoutMs: 1000,
  http: { host: '127.0.0.1', port: 0 },
  database: { url: 'postgres://preview.invalid/none', schema: 'registration', poolSize: 2 },
  kafka: {
    brokers: ['preview.invalid:9092'],
    clientId: 'openapi-export',
    groupId: 'openapi-export',
    topicPartitions: 1,
    maxBatchSize: 1,
  },
  topics: DEFAULT_TOPICS,
  sgroupRegistry: { url: 'http://preview.invalid', timeoutMs: 1, retries: 0, retryDelayMs: 1 },
  outboxRelay: { enabled: false },
  opsCredentials: [],
};

/**
 * `node -r ./dist/libs/platform/src/runtime/register-aliases.js \
 *    dist/apps/registration-service/src/cli/export-openapi.js <file>`
 * Writes the same OpenAPI document the service serves at /docs-json, without starting the service.
 */
async function main(argv: string[]): Promise<number> {
  const out = argv[0];
  if (!out) {
    process.stderr.write('usage: export-openapi <file.json>\n');
    return 2;
  }
  const app = await NestFactory.create(AppModule.forRoot({ config: PREVIEW_CONFIG }), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const document = registrationApiDocument(app);
  await app.close();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  process.stderr.write(`wrote the OpenAPI document to ${out}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
