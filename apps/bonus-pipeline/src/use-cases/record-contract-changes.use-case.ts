import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CrmContractEvent } from '@sa/contracts';
import { OutboxRelayControl, RawMessage } from '@sa/kafka';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { OUTBOX_RELAY } from '../outbound/outbox-relay.token';
import { contractChangeContent, ContractVersionsRepository } from '../persistence/repositories/contract-versions.repository';
import { InvoicesRepository } from '../persistence/repositories/invoices.repository';
import { SubjectLocksRepository } from '../persistence/repositories/subject-locks.repository';
import { FactBatchOutcome, FactSteps, recordFactsAndCorrect } from './correct-after-facts';

export type ContractBatchOutcome = FactBatchOutcome;

const CONTRACT_STEPS: FactSteps<CrmContractEvent> = {
  schema: CrmContractEvent,
  normalize: (e) => ({ ...e, changedAt: new Date(Date.parse(e.changedAt)).toISOString() }),
  lockSubjects: (manager, events) => SubjectLocksRepository.lockContracts(manager, events.map((e) => e.contractId), 'UPDATE'),
  recordNew: (manager, events) => ContractVersionsRepository.recordNew(manager, events),
  content: (e) => contractChangeContent({ ...e, changedAtMs: Date.parse(e.changedAt) }),
  storedContent: (manager, eventIds) => ContractVersionsRepository.storedContent(manager, eventIds),
  affectedInvoices: (manager, fresh, notBefore) => InvoicesRepository.affectedByContractChanges(manager, fresh, notBefore),
};

/** CRM contract changes (new contracts, transfers, terminations) → corrections of invoices they alter. */
@Injectable()
export class RecordContractChangesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelayControl,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: BonusPipelineConfig,
  ) {}

  execute(messages: RawMessage[]): Promise<ContractBatchOutcome> {
    return recordFactsAndCorrect(CONTRACT_STEPS, messages, { dataSource: this.dataSource, relay: this.relay, config: this.config });
  }
}
