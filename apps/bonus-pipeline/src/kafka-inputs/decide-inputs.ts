import { Inject, Injectable } from '@nestjs/common';
import { ConsentEvent, CrmContractEvent, InvoiceEvent } from '@sa/contracts';
import { RawMessage } from '@sa/kafka';
import { BeforeCommit, InputBatchOutcome } from './input-batch-outcome';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { CorrectAfterConsentsUseCase } from '../facts/correct-after-consents.use-case';
import { CorrectAfterContractChangesUseCase } from '../facts/correct-after-contract-changes.use-case';
import { FactBatchOutcome } from '../facts/correct-after-facts';
import { acceptInvoiceFast } from '../invoices/invoice-fast-check';
import { InvoiceBatchOutcome, ProcessInvoiceBatchUseCase } from '../invoices/process-invoice-batch.use-case';
import { decodeBatch } from './decode-batch';

export type { BeforeCommit, InputBatchOutcome };

export type DecideBatch = (batch: RawMessage[], beforeCommit?: BeforeCommit) => Promise<InputBatchOutcome>;

/**
 * Decode + use case, per input topic: the one path records take, whether they come from Kafka (the
 * handlers) or are re-driven from the dead-letter store. Throws as the use cases do; the caller
 * tells transient failures from the rest.
 */
@Injectable()
export class DecideInputs {
  constructor(
    private readonly processInvoices: ProcessInvoiceBatchUseCase,
    private readonly contractChanges: CorrectAfterContractChangesUseCase,
    private readonly consents: CorrectAfterConsentsUseCase,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: Pick<BonusPipelineConfig, 'topics'>,
  ) {}

  invoices(batch: RawMessage[], beforeCommit?: BeforeCommit): Promise<InvoiceBatchOutcome> {
    return this.processInvoices.execute(decodeBatch(InvoiceEvent, batch, new Date(), acceptInvoiceFast), beforeCommit);
  }

  contractChangesOf(batch: RawMessage[], beforeCommit?: BeforeCommit): Promise<FactBatchOutcome> {
    return this.contractChanges.execute(decodeBatch(CrmContractEvent, batch, new Date()), beforeCommit);
  }

  consentsOf(batch: RawMessage[], beforeCommit?: BeforeCommit): Promise<FactBatchOutcome> {
    return this.consents.execute(decodeBatch(ConsentEvent, batch, new Date()), beforeCommit);
  }

  /** The path for records of `topic` (a configured topic name); undefined for a topic the pipeline does not read. */
  forTopic(topic: string): DecideBatch | undefined {
    const { invoices, crmContracts, consents } = this.config.topics;
    if (topic === invoices) return (batch, beforeCommit) => this.invoices(batch, beforeCommit);
    if (topic === crmContracts) return (batch, beforeCommit) => this.contractChangesOf(batch, beforeCommit);
    if (topic === consents) return (batch, beforeCommit) => this.consentsOf(batch, beforeCommit);
    return undefined;
  }
}
