import { EventPattern, Payload } from '@nestjs/microservices';
import { InvoiceEvent } from '@sa/contracts';
import { KafkaBatchHandler, RawMessage } from '@sa/kafka';
import { decodeBatch } from '../kafka-inputs/decode-batch';
import { acceptInvoiceFast } from './invoice-fast-check';
import { InvoiceBatchOutcome, ProcessInvoiceBatchUseCase } from './process-invoice-batch.use-case';

/**
 * `billing.invoices.v1` → decisions and purchases. One batch per call; a throw makes the transport
 * retry the whole batch (offsets stay uncommitted until this resolves).
 */
@KafkaBatchHandler()
export class InvoicesHandler {
  constructor(private readonly processInvoices: ProcessInvoiceBatchUseCase) {}

  @EventPattern('invoices')
  handle(@Payload() batch: RawMessage[]): Promise<InvoiceBatchOutcome> {
    return this.processInvoices.execute(decodeBatch(InvoiceEvent, batch, new Date(), acceptInvoiceFast));
  }
}
