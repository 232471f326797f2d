import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { typeOrmTransactions } from '@sa/persistence';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { REGISTRATION_CONFIG, RegistrationConfig } from '../config/registration.config';
import { DATA_SOURCE } from './database.providers';
import { KAFKA_CLIENT } from './kafka.providers';
import { OutboxRelay } from '@sa/outbox';
import { RegistrationMetrics } from '../metrics/registration-metrics';

/** Relays committed outbox rows (consent events, dead letters) to Kafka while the service runs; drains on shutdown. */
@Injectable()
export class OutboxRelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly relay: OutboxRelay;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(REGISTRATION_CONFIG) private readonly config: RegistrationConfig,
    metrics: RegistrationMetrics,
  ) {
    this.relay = new OutboxRelay({
      transactions: typeOrmTransactions(dataSource),
      schema: config.database.schema,
      kafka,
      logger: new Logger('OutboxRelay'),
      onPublished: metrics.published,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.outboxRelay.enabled) return;
    await this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Safe on a relay that never started (relay disabled in config).
    await this.relay.stop();
  }

  /** After a commit that wrote outbox rows: publish now rather than at the next poll. */
  nudge(): void {
    this.relay.nudge();
  }
}
