import { EventPattern, Payload } from '@nestjs/microservices';
import { KafkaBatchHandler, RawMessage } from '@sa/kafka';
import { ProcessInvoiceBatchUseCase } from '../use-cases/process-invoice-batch.use-case';
import { RecordConsentsUseCase } from '../use-cases/record-consents.use-case';
import { RecordContractChangesUseCase } from '../use-cases/record-contract-changes.use-case';

/** One batch per call; a throw makes the transport retry the whole batch (offsets stay uncommitted). */
@KafkaBatchHandler()
export class BonusInputsController {
  constructor(
    private readonly invoices: ProcessInvoiceBatchUseCase,
    private readonly contracts: RecordContractChangesUseCase,
    private readonly consents: RecordConsentsUseCase,
  ) {}

  @EventPattern('invoices')
  onInvoices(@Payload() batch: RawMessage[]) {
    return this.invoices.execute(batch);
  }

  @EventPattern('crmContracts')
  onContractChanges(@Payload() batch: RawMessage[]) {
    return this.contracts.execute(batch);
  }

  @EventPattern('consents')
  onConsents(@Payload() batch: RawMessage[]) {
    return this.consents.execute(batch);
  }
}
