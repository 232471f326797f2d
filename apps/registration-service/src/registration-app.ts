import { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { ConsumerHealth, KafkaBatchTransport } from '@sa/kafka';
import { Kafka } from 'kafkajs';
import { AppModule } from './app.module';
import { AUDIT_TRAIL, AuditTrail } from './audit/audit-trail.port';
import { RegistrationConfig } from './config/registration.config';
import { apiKeyMiddleware } from './auth/api-key.middleware';
import { AuthenticateAgentUseCase } from './auth/authenticate-agent.use-case';
import { RecordUnprocessableChangeUseCase } from './customer-relationships/record-unprocessable-change.use-case';
import { auditMiddleware } from './http/audit.middleware';
import { BODY_LIMIT, bodyErrorHandler } from './http/body-error.handler';
import { DependencyUnavailableFilter } from './http/dependency-unavailable.filter';
import { HttpRequest } from './http/express-types';
import { httpMetricsMiddleware } from './http/http-metrics.middleware';
import { registrationApiDocument } from './http/registration-api.document';
import { RegistrationValidationPipe } from './http/registration-validation.pipe';
import { requestGate } from './http/request-gate.middleware';
import { routeTableFrom } from './http/route-table';
import { Clock } from './infrastructure/clock';
import { KAFKA_CLIENT } from './infrastructure/kafka.providers';
import { RegistrationMetrics } from './metrics/registration-metrics';

export interface RegistrationAppOptions {
  logger: LoggerService;
  clock?: Clock;
}

/**
 * Builds and starts the whole service: migrations and topics first (provider factories), then the
 * CRM consumer, the outbox relay and HTTP. Used by main.ts, by the e2e specs and by the benchmark.
 */
export async function startRegistrationApp(
  config: RegistrationConfig,
  { logger, clock }: RegistrationAppOptions,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, clock }), {
    logger,
    bodyParser: false,
    abortOnError: false,
  });
  // Order matters: metrics, audit, then the key (headers only), then the route and media type, and
  // only then is a body read, for the operations that take one.
  const document = registrationApiDocument(app);
  const routes = routeTableFrom(document.paths);
  app.use(httpMetricsMiddleware(app.get(RegistrationMetrics), routes));
  app.use(auditMiddleware(app.get<AuditTrail>(AUDIT_TRAIL)));
  app.use(apiKeyMiddleware(app.get(AuthenticateAgentUseCase)));
  app.use(requestGate(routes));
  app.useBodyParser('json', {
    limit: BODY_LIMIT,
    inflate: false,
    type: (req: HttpRequest) => req.takesJsonBody === true,
  });
  app.use(bodyErrorHandler);
  app.useGlobalPipes(new RegistrationValidationPipe());
  app.useGlobalFilters(new DependencyUnavailableFilter(app.getHttpAdapter()));
  app.disable('x-powered-by');
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  const unprocessable = app.get(RecordUnprocessableChangeUseCase);
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
