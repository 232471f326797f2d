import { Payload } from '@nestjs/microservices';
import { ConsumesTopic, KafkaBatchHandler, RawMessage } from '@sa/kafka';
import { DecideInputs } from '../kafka-inputs/decide-inputs';
import { InvoiceBatchOutcome } from './process-invoice-batch.use-case';

/**
 * `billing.invoices.v1` → decisions and purchases. One batch per call; offsets stay uncommitted until
 * this resolves. A throw is retried when transient, else the transport splits the batch to find the
 * message at fault (docs/bad-input.md). A re-drive of a dead letter takes the same path (DecideInputs).
 */
@KafkaBatchHandler()
export class InvoicesHandler {
  constructor(private readonly inputs: DecideInputs) {}

  @ConsumesTopic('invoices')
  handle(@Payload() batch: RawMessage[]): Promise<InvoiceBatchOutcome> {
    return this.inputs.invoices(batch);
  }
}
