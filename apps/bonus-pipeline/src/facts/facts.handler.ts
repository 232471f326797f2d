import { Payload } from '@nestjs/microservices';
import { ConsumesTopic, KafkaBatchHandler, RawMessage } from '@sa/kafka';
import { DecideInputs } from '../kafka-inputs/decide-inputs';
import { FactBatchOutcome } from './correct-after-facts';

/**
 * `crm.contracts.v1` and `registration.consents.v1` → the facts invoices are judged by, and the
 * corrections they cause. One batch per call; a transient throw is retried, any other is narrowed
 * down by the transport to the message at fault. A re-drive takes the same path (DecideInputs).
 */
@KafkaBatchHandler()
export class FactsHandler {
  constructor(private readonly inputs: DecideInputs) {}

  @ConsumesTopic('crmContracts')
  onContractChanges(@Payload() batch: RawMessage[]): Promise<FactBatchOutcome> {
    return this.inputs.contractChangesOf(batch);
  }

  @ConsumesTopic('consents')
  onConsents(@Payload() batch: RawMessage[]): Promise<FactBatchOutcome> {
    return this.inputs.consentsOf(batch);
  }
}
