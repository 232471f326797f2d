import { Inject, Injectable } from '@nestjs/common';
import { ConsentEvent } from '@sa/contracts';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { consentContent } from '../domain/fact-content';
import { DecodedBatch } from '../kafka-inputs/decode-batch';
import { BeforeCommit } from '../kafka-inputs/input-batch-outcome';
import { correctAfterFacts, FactBatchOutcome, FactRules } from './correct-after-facts';
import { CONSENT_BATCH_STORE, ConsentBatchStore } from './fact-batch-store.port';

const CONSENT_RULES: FactRules<ConsentEvent> = {
  normalize: (e) => ({ ...e, effectiveAt: new Date(Date.parse(e.effectiveAt)).toISOString() }),
  content: (e) => consentContent({ ...e, effectiveAtMs: Date.parse(e.effectiveAt) }),
};

/** Consent grants and revocations → corrections of invoices paid by those customers since then. */
@Injectable()
export class CorrectAfterConsentsUseCase {
  constructor(
    @Inject(CONSENT_BATCH_STORE) private readonly store: ConsentBatchStore,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: BonusPipelineConfig,
  ) {}

  execute(batch: DecodedBatch<ConsentEvent>, beforeCommit?: BeforeCommit): Promise<FactBatchOutcome> {
    return correctAfterFacts(this.store, CONSENT_RULES, batch, this.config.correctionWindowDays, beforeCommit);
  }
}
