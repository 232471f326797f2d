import { Payload } from '@nestjs/microservices';
import { ConsentEvent, CrmContractEvent } from '@sa/contracts';
import { ConsumesTopic, KafkaBatchHandler, RawMessage } from '@sa/kafka';
import { decodeBatch } from '../kafka-inputs/decode-batch';
import { CorrectAfterConsentsUseCase } from './correct-after-consents.use-case';
import { CorrectAfterContractChangesUseCase } from './correct-after-contract-changes.use-case';
import { FactBatchOutcome } from './correct-after-facts';

/**
 * `crm.contracts.v1` and `registration.consents.v1` → the facts invoices are judged by, and the
 * corrections they cause. One batch per call; a transient throw is retried, any other is narrowed
 * down by the transport to the message at fault.
 */
@KafkaBatchHandler()
export class FactsHandler {
  constructor(
    private readonly contractChanges: CorrectAfterContractChangesUseCase,
    private readonly consents: CorrectAfterConsentsUseCase,
  ) {}

  @ConsumesTopic('crmContracts')
  onContractChanges(@Payload() batch: RawMessage[]): Promise<FactBatchOutcome> {
    return this.contractChanges.execute(decodeBatch(CrmContractEvent, batch, new Date()));
  }

  @ConsumesTopic('consents')
  onConsents(@Payload() batch: RawMessage[]): Promise<FactBatchOutcome> {
    return this.consents.execute(decodeBatch(ConsentEvent, batch, new Date()));
  }
}
