import { Inject, Injectable, Logger } from '@nestjs/common';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { SentPurchasesFold } from '../domain/sent-purchases';
import { RecoveryGate } from './recovery-gate';
import { RECOVERY_STORE, RecoveryStore } from './recovery-store.port';
import { RECOVERY_TOPICS, RecoveryTopics } from './recovery-topics.port';

export type RebuildOutcome =
  | { kind: 'off' }
  /** The schema holds state (or the topic nothing): batches run as usual. */
  | { kind: 'live' }
  /** A recovery begun earlier is still catching up (this instance restarted, or joined it). */
  | { kind: 'catching-up' }
  | {
      kind: 'rebuilt';
      purchasesRead: number;
      holdings: number;
      identicalDuplicates: number;
      conflictingDuplicates: number;
      tookMs: number;
    };

/**
 * Before the consumers start: when the bonus schema is empty (new, or lost) and the purchases topic carries
 * something, read it from its start to its end into "what was sent" per (invoice, member), note the input topics'
 * end offsets, and rewind the consumer group to the topics' start. Batches then catch up quietly (no purchases)
 * until the group reaches those offsets; `ReconcileAfterCatchUpUseCase` then sends only what the topic is missing.
 */
@Injectable()
export class RebuildSentPurchasesUseCase {
  private readonly logger = new Logger('Recovery');

  constructor(
    @Inject(RECOVERY_STORE) private readonly store: RecoveryStore,
    @Inject(RECOVERY_TOPICS) private readonly topics: RecoveryTopics,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: BonusPipelineConfig,
    private readonly gate: RecoveryGate,
  ) {}

  async execute(): Promise<RebuildOutcome> {
    if (this.config.recovery.mode === 'off') return { kind: 'off' };
    const outcome = await this.store.atStartup(async (tx): Promise<RebuildOutcome> => {
      const state = await tx.state();
      if (state) return { kind: state.mode === 'live' ? 'live' : 'catching-up' };
      if (!(await tx.isEmpty())) return { kind: 'live' };
      const started = Date.now();
      const { sourceTopic } = this.config.recovery;
      // The horizon is taken before the topic is read: every input up to it is judged again before reconciling.
      const { invoices, crmContracts, consents } = this.config.topics;
      const horizon = await this.topics.endOffsets([invoices, crmContracts, consents]);
      const fold = new SentPurchasesFold();
      await this.topics.readToEnd(sourceTopic, (p) => fold.add(p));
      if (fold.read === 0) return { kind: 'live' };
      // Without the schema the group's committed offsets point past inputs whose effects were lost.
      await this.topics.rewind(this.config.kafka.groupId);
      const holdings = [...fold.holdings.values()];
      const begun = { mode: 'catching_up' as const, sourceTopic, purchasesRead: fold.read, horizon };
      await tx.begin(begun, holdings, fold.distinct, new Date());
      return {
        kind: 'rebuilt',
        purchasesRead: fold.read,
        holdings: holdings.length,
        identicalDuplicates: fold.duplicates,
        conflictingDuplicates: fold.conflicts,
        tookMs: Date.now() - started,
      };
    });
    this.gate.catchingUp = outcome.kind === 'rebuilt' || outcome.kind === 'catching-up';
    if (outcome.kind !== 'live') this.logger.log({ message: 'recovery at startup', ...outcome });
    return outcome;
  }
}
