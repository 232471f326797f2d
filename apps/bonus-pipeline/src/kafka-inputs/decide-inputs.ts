import { Inject, Injectable } from '@nestjs/common';
import { ConsentEvent, CrmContractEvent, DeadLetterEvent, InvoiceEvent } from '@sa/contracts';
import { RawMessage } from '@sa/kafka';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { CorrectAfterConsentsUseCase } from '../facts/correct-after-consents.use-case';
import { CorrectAfterContractChangesUseCase } from '../facts/correct-after-contract-changes.use-case';
import { FactBatchOutcome } from '../facts/correct-after-facts';
import { acceptInvoiceFast } from '../invoices/invoice-fast-check';
import { InvoiceBatchOutcome, ProcessInvoiceBatchUseCase } from '../invoices/process-invoice-batch.use-case';
import { decodeBatch } from './decode-batch';

/** What any input batch reports back; a re-drive needs no more than this. */
export interface InputBatchOutcome {
  unprocessable: DeadLetterEvent[];
}

export type DecideBatch = (batch: RawMessage[]) => Promise<InputBatchOutcome>;

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

  invoices(batch: RawMessage[]): Promise<InvoiceBatchOutcome> {
    return this.processInvoices.execute(decodeBatch(InvoiceEvent, batch, new Date(), acceptInvoiceFast));
  }

  contractChangesOf(batch: RawMessage[]): Promise<FactBatchOutcome> {
    return this.contractChanges.execute(decodeBatch(CrmContractEvent, batch, new Date()));
  }

  consentsOf(batch: RawMessage[]): Promise<FactBatchOutcome> {
    return this.consents.execute(decodeBatch(ConsentEvent, batch, new Date()));
  }

  /** The path for records of `topic` (a configured topic name); undefined for a topic the pipeline does not read. */
  forTopic(topic: string): DecideBatch | undefined {
    const { invoices, crmContracts, consents } = this.config.topics;
    if (topic === invoices) return (batch) => this.invoices(batch);
    if (topic === crmContracts) return (batch) => this.contractChangesOf(batch);
    if (topic === consents) return (batch) => this.consentsOf(batch);
    return undefined;
  }
}
