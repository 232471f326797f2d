import { Inject, Injectable } from '@nestjs/common';
import { CrmContractEvent } from '@sa/contracts';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { contractChangeContent } from '../domain/fact-content';
import { DecodedBatch } from '../kafka-inputs/decode-batch';
import { BeforeCommit } from '../kafka-inputs/input-batch-outcome';
import { correctAfterFacts, FactBatchOutcome, FactRules } from './correct-after-facts';
import { CONTRACT_CHANGE_BATCH_STORE, ContractChangeBatchStore } from './fact-batch-store.port';

const CONTRACT_CHANGE_RULES: FactRules<CrmContractEvent> = {
  normalize: (e) => ({ ...e, changedAt: new Date(Date.parse(e.changedAt)).toISOString() }),
  content: (e) => contractChangeContent({ ...e, changedAtMs: Date.parse(e.changedAt) }),
};

/**
 * CRM contract changes (new contracts, transfers, terminations) → corrections of the invoices they
 * alter. (The registration service keeps the same feed for R8 in its own RecordContractChangesUseCase.)
 */
@Injectable()
export class CorrectAfterContractChangesUseCase {
  constructor(
    @Inject(CONTRACT_CHANGE_BATCH_STORE) private readonly store: ContractChangeBatchStore,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: BonusPipelineConfig,
  ) {}

  execute(batch: DecodedBatch<CrmContractEvent>, beforeCommit?: BeforeCommit): Promise<FactBatchOutcome> {
    return correctAfterFacts(this.store, CONTRACT_CHANGE_RULES, batch, this.config.correctionWindowDays, beforeCommit);
  }
}
