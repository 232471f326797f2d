import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OUTBOX_RELAY } from './outbox-relay.token';
import { OutboxRelayControl } from '@sa/outbox';

/**
 * Starts the pipeline's relay (on its thread or the event loop) with the app. Stops it after the
 * Kafka transport has stopped (Nest closes microservices before shutdown hooks): the relay drains
 * what the last batch committed, then the database pool closes.
 */
@Injectable()
export class BonusOutboxRelayLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelayControl,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
