import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import {
  ConsumerHealth,
  consumerLagReader,
  createKafkaClient,
  ensureTopics,
  KafkaBatchTransport,
  registerConsumerLagGauge,
} from '@sa/kafka';
import { connectAndMigrate, serviceDataSourceOptions, typeOrmTransactions } from '@sa/persistence';
import { createMetricsRegistry, JsonLogger, retryWhileTransient } from '@sa/platform';
import { BonusPipelineConfig } from './bonus-pipeline.config';
import { BonusPipelineModule } from './bonus-pipeline.module';
import { RecordUnprocessableInputUseCase } from './dead-letters/record-unprocessable-input.use-case';
import { WorkerThreadOutboxRelay } from './outbox/worker-thread-outbox-relay';
import { BONUS_MIGRATIONS } from './persistence/migrations';
import { OutboxRelay, OutboxRelayControl, outboxStateReader, registerOutboxGauges } from '@sa/outbox';
import { BonusMetrics } from './metrics/bonus-metrics';
import { RebuildSentPurchasesUseCase } from './recovery/rebuild-sent-purchases.use-case';
import { RecoveryGate } from './recovery/recovery-gate';

/** Topics, schema, then the app: HTTP (health, summary) and the Kafka batch transport. */
export async function startBonusPipeline(config: BonusPipelineConfig, logger: JsonLogger): Promise<INestApplication> {
  const kafka = createKafkaClient({ brokers: config.kafka.brokers, clientId: config.kafka.clientId, logger });
  const { topics, partitions } = config;
  await ensureTopics(kafka, [
    { topic: topics.invoices, numPartitions: partitions.invoices },
    ...[topics.crmContracts, topics.consents, topics.bonusPurchases, topics.invoiceDecisions, topics.deadLetters].map(
      (topic) => ({ topic, numPartitions: partitions.others }),
    ),
  ]);
  const dataSource = new DataSource(
    serviceDataSourceOptions({
      url: config.database.url,
      schema: config.database.schema,
      entities: [],
      migrations: BONUS_MIGRATIONS,
      poolSize: config.database.poolSize,
      applicationName: 'bonus-pipeline',
      onConnectionError: (error) =>
        logger.warn(
          { message: 'database connection lost; the work using it fails and is retried', error: error.message },
          'Database',
        ),
    }),
  );
  const applied = await connectAndMigrate(dataSource, config.database.schema);
  logger.log({ message: 'schema ready', migrationsApplied: applied }, 'Bootstrap');
  const metrics = new BonusMetrics(createMetricsRegistry('bonus-pipeline'));
  const unread = (what: string) => (error: Error) =>
    logger.warn({ message: `${what} could not be read for /metrics`, error: error.message }, 'Metrics');
  registerOutboxGauges(
    metrics.registry,
    outboxStateReader((sql, params) => dataSource.query(sql, params), config.database.schema),
    unread('the outbox'),
  );
  const inputTopics = { invoices: topics.invoices, crmContracts: topics.crmContracts, consents: topics.consents };
  registerConsumerLagGauge(
    metrics.registry,
    consumerLagReader(kafka, config.kafka.groupId, Object.values(inputTopics)),
    unread('consumer lag'),
  );
  const { batchSize, idlePollMs, runsOn } = config.relay;
  const relay: OutboxRelayControl =
    runsOn === 'worker-thread'
      ? new WorkerThreadOutboxRelay(
          {
            databaseUrl: config.database.url,
            schema: config.database.schema,
            brokers: config.kafka.brokers,
            clientId: config.kafka.clientId,
            batchSize,
            idlePollMs,
            logLevel: config.logLevel,
          },
          logger,
          metrics.published,
        )
      : new OutboxRelay({
          transactions: typeOrmTransactions(dataSource),
          schema: config.database.schema,
          kafka,
          batchSize,
          idlePollMs,
          logger,
          onPublished: metrics.published,
        });

  if (config.relay.debugKillSignal !== 'off' && relay instanceof WorkerThreadOutboxRelay) {
    const kill = relay;
    process.on(config.relay.debugKillSignal, () => void kill.killThread());
    logger.warn({ message: `debug: ${config.relay.debugKillSignal} kills the relay thread` }, 'Bootstrap');
  }
  const consumerHealth = new ConsumerHealth();
  const app = await NestFactory.create(
    BonusPipelineModule.register({
      config,
      kafka,
      dataSource,
      relay,
      consumerHealth,
      metrics,
      recoveryGate: new RecoveryGate(),
    }),
    { logger },
  );
  // Before any consumer starts: an empty schema learns from the purchases topic what was sent (docs/reliability.md).
  // One transaction: a retry after a broker that was still electing leaders starts it over.
  const rebuild = app.get(RebuildSentPurchasesUseCase);
  await retryWhileTransient(
    () => rebuild.execute(),
    (error, attempt, delayMs) =>
      logger.warn({ message: 'recovery check at startup failed; retrying', error: error.message, attempt, delayMs }),
  );
  const unprocessable = app.get(RecordUnprocessableInputUseCase);
  app.connectMicroservice(
    {
      strategy: new KafkaBatchTransport({
        kafka,
        groupId: config.kafka.groupId,
        topics: inputTopics,
        maxBatchSize: config.kafka.maxBatchSize,
        partitionsConsumedConcurrently: config.kafka.partitionsConcurrently,
        sessionTimeoutMs: config.kafka.sessionTimeoutMs,
        heartbeatIntervalMs: config.kafka.heartbeatIntervalMs,
        deadLetter: async (message, error) => void (await unprocessable.execute(message, error)),
        health: consumerHealth,
        observer: metrics,
        logger,
      }),
    },
    { inheritAppConfig: true },
  );
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.http.port, config.http.host);
  logger.log({ message: 'bonus pipeline started', port: config.http.port, topics }, 'Bootstrap');
  return app;
}
