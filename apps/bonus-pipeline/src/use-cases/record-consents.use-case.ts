import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsentEvent } from '@sa/contracts';
import { OutboxRelayControl, RawMessage } from '@sa/kafka';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { OUTBOX_RELAY } from '../outbound/outbox-relay.token';
import { consentContent, ConsentEventsRepository } from '../persistence/repositories/consent-events.repository';
import { InvoicesRepository } from '../persistence/repositories/invoices.repository';
import { SubjectLocksRepository } from '../persistence/repositories/subject-locks.repository';
import { FactBatchOutcome, FactSteps, recordFactsAndCorrect } from './correct-after-facts';

export type ConsentBatchOutcome = FactBatchOutcome;

const CONSENT_STEPS: FactSteps<ConsentEvent> = {
  schema: ConsentEvent,
  normalize: (e) => ({ ...e, effectiveAt: new Date(Date.parse(e.effectiveAt)).toISOString() }),
  lockSubjects: (manager, events) => SubjectLocksRepository.lockCustomers(manager, events.map((e) => e.customerId), 'UPDATE'),
  recordNew: (manager, events) => ConsentEventsRepository.recordNew(manager, events),
  content: (e) => consentContent({ ...e, effectiveAtMs: Date.parse(e.effectiveAt) }),
  storedContent: (manager, eventIds) => ConsentEventsRepository.storedContent(manager, eventIds),
  affectedInvoices: (manager, fresh, notBefore) => InvoicesRepository.affectedByConsents(manager, fresh, notBefore),
};

/** Consent grants and revocations → corrections of invoices paid by those customers since then. */
@Injectable()
export class RecordConsentsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelayControl,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: BonusPipelineConfig,
  ) {}

  execute(messages: RawMessage[]): Promise<ConsentBatchOutcome> {
    return recordFactsAndCorrect(CONSENT_STEPS, messages, { dataSource: this.dataSource, relay: this.relay, config: this.config });
  }
}
