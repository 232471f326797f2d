import { Payload } from '@nestjs/microservices';
import { InvoiceEvent } from '@sa/contracts';
import { ConsumesTopic, KafkaBatchHandler, RawMessage } from '@sa/kafka';
import { decodeBatch } from '../kafka-inputs/decode-batch';
import { acceptInvoiceFast } from './invoice-fast-check';
import { InvoiceBatchOutcome, ProcessInvoiceBatchUseCase } from './process-invoice-batch.use-case';

/**
 * `billing.invoices.v1` → decisions and purchases. One batch per call; offsets stay uncommitted until
 * this resolves. A throw is retried when transient, else the transport splits the batch to find the
 * message at fault (docs/bad-input.md).
 */
@KafkaBatchHandler()
export class InvoicesHandler {
  constructor(private readonly processInvoices: ProcessInvoiceBatchUseCase) {}

  @ConsumesTopic('invoices')
  handle(@Payload() batch: RawMessage[]): Promise<InvoiceBatchOutcome> {
    return this.processInvoices.execute(decodeBatch(InvoiceEvent, batch, new Date(), acceptInvoiceFast));
  }
}
