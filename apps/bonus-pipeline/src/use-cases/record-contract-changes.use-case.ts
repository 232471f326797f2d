import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CrmContractEvent } from '@sa/contracts';
import { OutboxRelay, RawMessage } from '@sa/kafka';
import { appendToOutbox } from '@sa/persistence';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { decodeBatch } from '../inbound/decode-batch';
import { outboxMessages } from '../outbound/outbox-messages';
import { ContractVersionsRepository } from '../persistence/repositories/contract-versions.repository';
import { DeadLettersRepository } from '../persistence/repositories/dead-letters.repository';
import { InvoicesRepository } from '../persistence/repositories/invoices.repository';
import { SubjectLocksRepository } from '../persistence/repositories/subject-locks.repository';
import { correctionWindowStart } from './correction-window';
import { reEvaluateInvoices } from './re-evaluate-invoices';

export interface ContractBatchOutcome {
  recorded: number;
  redelivered: number;
  invoicesCorrected: number;
  deadLettered: number;
}

/** CRM contract changes (new contracts, transfers, terminations) → corrections of invoices they alter. */
@Injectable()
export class RecordContractChangesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: BonusPipelineConfig,
  ) {}

  async execute(messages: RawMessage[]): Promise<ContractBatchOutcome> {
    const now = new Date();
    const { valid, rejected } = decodeBatch(CrmContractEvent, messages, now);
    const events = valid.map((v) => ({ ...v.value, changedAt: new Date(Date.parse(v.value.changedAt)).toISOString() }));
    const outcome = await this.dataSource.transaction('READ COMMITTED', async (manager) => {
      // Lock first: an invoice batch reading these contracts either committed already or waits for us.
      await SubjectLocksRepository.lockContracts(manager, events.map((e) => e.contractId), 'UPDATE');
      const recorded = await ContractVersionsRepository.recordNew(manager, events);
      const fresh = events.filter((e) => recorded.delete(e.eventId));
      const affected = await InvoicesRepository.affectedByContractChanges(manager, fresh, correctionWindowStart(now, this.config.correctionWindowDays));
      const { purchases } = await reEvaluateInvoices(manager, affected);
      const deadLetters = await DeadLettersRepository.registerNew(manager, rejected);
      // Corrections commit with the change that caused them: the relay publishes only what committed.
      await appendToOutbox(manager, this.config.database.schema, outboxMessages(this.config.topics, { purchases, deadLetters }));
      return { recorded: fresh.length, redelivered: events.length - fresh.length, invoicesCorrected: new Set(purchases.map((p) => p.invoiceId)).size, deadLettered: deadLetters.length };
    });
    this.relay.nudge();
    return outcome;
  }
}
