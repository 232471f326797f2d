import { Inject, Injectable, Logger } from '@nestjs/common';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { reconcileWithTopic } from '../domain/sent-purchases';
import { RecoveryGate } from './recovery-gate';
import { RECOVERY_STORE, RecoveryStore } from './recovery-store.port';
import { RECOVERY_TOPICS, RecoveryTopics } from './recovery-topics.port';

export type ReconcileOutcome =
  | { kind: 'live' }
  | { kind: 'still-catching-up' }
  | { kind: 'reconciled'; pairs: number; purchases: number; amountCents: number };

/**
 * Ends a recovery's catch-up once the consumer group has reached the horizon: in one transaction (after every
 * quiet batch in flight), per (invoice, member) the difference between the rules and the topic is sent as the
 * pair's next step, the ledger becomes what was sent, and batches send purchases again.
 */
@Injectable()
export class ReconcileAfterCatchUpUseCase {
  private readonly logger = new Logger('Recovery');

  constructor(
    @Inject(RECOVERY_STORE) private readonly store: RecoveryStore,
    @Inject(RECOVERY_TOPICS) private readonly topics: RecoveryTopics,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: BonusPipelineConfig,
    private readonly gate: RecoveryGate,
  ) {}

  async execute(): Promise<ReconcileOutcome> {
    // Checked before locking: the lock waits for every quiet batch in flight, so it is taken only to finish.
    const seen = await this.store.state();
    const reached =
      seen?.mode === 'catching_up' && (await this.topics.reached(this.config.kafka.groupId, seen.horizon));
    if (seen?.mode === 'catching_up' && !reached) return { kind: 'still-catching-up' };
    const outcome = await this.store.reconciling(async (tx): Promise<ReconcileOutcome> => {
      const state = await tx.lockState();
      if (!state || state.mode === 'live') return { kind: 'live' };
      const pairs = await tx.pairs();
      const { purchases, ledger } = reconcileWithTopic(pairs);
      await tx.finish(ledger, purchases, new Date());
      const amountCents = purchases.reduce((sum, p) => sum + p.amountCents, 0);
      return { kind: 'reconciled', pairs: pairs.length, purchases: purchases.length, amountCents };
    });
    if (outcome.kind !== 'still-catching-up') this.gate.catchingUp = false;
    if (outcome.kind === 'reconciled') this.logger.log({ message: 'recovery reconciled with the topic', ...outcome });
    return outcome;
  }
}
