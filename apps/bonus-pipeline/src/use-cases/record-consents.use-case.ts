import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsentEvent } from '@sa/contracts';
import { OutboxRelay, RawMessage } from '@sa/kafka';
import { appendToOutbox } from '@sa/persistence';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { decodeBatch } from '../inbound/decode-batch';
import { outboxMessages } from '../outbound/outbox-messages';
import { ConsentEventsRepository } from '../persistence/repositories/consent-events.repository';
import { DeadLettersRepository } from '../persistence/repositories/dead-letters.repository';
import { InvoicesRepository } from '../persistence/repositories/invoices.repository';
import { SubjectLocksRepository } from '../persistence/repositories/subject-locks.repository';
import { correctionWindowStart } from './correction-window';
import { reEvaluateInvoices } from './re-evaluate-invoices';

export interface ConsentBatchOutcome {
  recorded: number;
  redelivered: number;
  invoicesCorrected: number;
  deadLettered: number;
}

/** Consent grants and revocations → corrections of invoices paid by those customers since then. */
@Injectable()
export class RecordConsentsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: BonusPipelineConfig,
  ) {}

  async execute(messages: RawMessage[]): Promise<ConsentBatchOutcome> {
    const now = new Date();
    const { valid, rejected } = decodeBatch(ConsentEvent, messages, now);
    const events = valid.map((v) => ({ ...v.value, effectiveAt: new Date(Date.parse(v.value.effectiveAt)).toISOString() }));
    const outcome = await this.dataSource.transaction('READ COMMITTED', async (manager) => {
      // Lock first: an invoice batch reading these customers' consents either committed already or waits for us.
      await SubjectLocksRepository.lockCustomers(manager, events.map((e) => e.customerId), 'UPDATE');
      const recorded = await ConsentEventsRepository.recordNew(manager, events);
      const fresh = events.filter((e) => recorded.delete(e.eventId));
      const affected = await InvoicesRepository.affectedByConsents(manager, fresh, correctionWindowStart(now, this.config.correctionWindowDays));
      const { purchases } = await reEvaluateInvoices(manager, affected);
      const deadLetters = await DeadLettersRepository.registerNew(manager, rejected);
      // Corrections commit with the consent that caused them: the relay publishes only what committed.
      await appendToOutbox(manager, this.config.database.schema, outboxMessages(this.config.topics, { purchases, deadLetters }));
      return { recorded: fresh.length, redelivered: events.length - fresh.length, invoicesCorrected: new Set(purchases.map((p) => p.invoiceId)).size, deadLettered: deadLetters.length };
    });
    this.relay.nudge();
    return outcome;
  }
}
