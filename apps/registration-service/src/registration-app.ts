import { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConsumerHealth, KafkaBatchTransport } from '@sa/kafka';
import { Kafka } from 'kafkajs';
import { AppModule } from './app.module';
import { AUDIT_TRAIL, AuditTrail } from './audit/audit-trail.port';
import { RegistrationConfig } from './config/registration.config';
import { RecordUnprocessableContractChangeUseCase } from './customer-relationships/record-unprocessable-contract-change.use-case';
import { auditMiddleware } from './http/audit.middleware';
import { BODY_LIMIT, bodyErrorHandler } from './http/body-error.handler';
import { registrationValidationPipe } from './http/validation-error.factory';
import { Clock } from './infrastructure/clock';
import { KAFKA_CLIENT } from './infrastructure/kafka.providers';

export interface RegistrationAppOptions {
  logger: LoggerService;
  clock?: Clock;
}

/**
 * Builds and starts the whole service: migrations and topics first (provider factories), then the
 * CRM consumer, the outbox relay and HTTP. Used by main.ts, by the e2e specs and by the benchmark.
 */
export async function startRegistrationApp(config: RegistrationConfig, { logger, clock }: RegistrationAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, clock }), { logger, bodyParser: false, abortOnError: false });
  // Audit first, so even a body the parser refuses is on record.
  app.use(auditMiddleware(app.get<AuditTrail>(AUDIT_TRAIL)));
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.use(bodyErrorHandler);
  app.useGlobalPipes(registrationValidationPipe());
  app.disable('x-powered-by');

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Registration API')
      .setDescription('Sector Alarm customer service registers a customer\'s S-Group owner-customer relationship (consent). See docs/registration-api.md.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'per-agent API key' })
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  const unprocessable = app.get(RecordUnprocessableContractChangeUseCase);
  app.connectMicroservice(
    {
      strategy: new KafkaBatchTransport({
        kafka: app.get<Kafka>(KAFKA_CLIENT),
        groupId: config.kafka.groupId,
        topics: { crmContracts: config.topics.crmContracts },
        maxBatchSize: config.kafka.maxBatchSize,
        partitionsConsumedConcurrently: config.kafka.topicPartitions,
        deadLetter: (message, error) => unprocessable.execute(message, error),
        health: app.get(ConsumerHealth),
        logger,
      }),
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.http.port, config.http.host);
  return app;
}
