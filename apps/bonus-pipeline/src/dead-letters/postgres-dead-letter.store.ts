import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DeadLetterEvent } from '@sa/contracts';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { OUTBOX_RELAY } from '../outbox/outbox-relay.token';
import { inBonusTransaction } from '../persistence/in-bonus-transaction';
import { PostgresBonusTransaction } from '../persistence/postgres-bonus.transaction';
import { DeadLetterStore } from './dead-letter-store.port';
import { RejectedInput } from './rejected-input.factory';
import { OutboxRelayControl } from '@sa/outbox';
import { BonusMetrics } from '../metrics/bonus-metrics';

/** Adapter: `bonus.dead_letters` (by source position) and the letters' outbox rows, committed together. */
@Injectable()
export class PostgresDeadLetterStore implements DeadLetterStore {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelayControl,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: BonusPipelineConfig,
    private readonly metrics: BonusMetrics,
  ) {}

  recordNew(rejected: RejectedInput[]): Promise<DeadLetterEvent[]> {
    const open = (manager: EntityManager) => new PostgresBonusTransaction(manager, this.config);
    return inBonusTransaction(this.dataSource, this.relay, this.metrics, open, async (tx) => {
      const fresh = await tx.registerDeadLetters(rejected);
      await tx.appendToOutbox({ deadLetters: fresh });
      return fresh;
    });
  }
}
