import { Payload } from '@nestjs/microservices';
import { CrmContractEvent, decodeMessage } from '@sa/contracts';
import { ConsumesTopic, KafkaBatchHandler, RawMessage } from '@sa/kafka';
import { RecordContractChangesUseCase } from './record-contract-changes.use-case';

/** `crm.contracts.v1` → contract versions. Offsets are committed by the transport after this resolves. */
@KafkaBatchHandler()
export class CrmContractsHandler {
  constructor(private readonly recordChanges: RecordContractChangesUseCase) {}

  @ConsumesTopic('crmContracts')
  async handle(@Payload() batch: RawMessage[]): Promise<void> {
    await this.recordChanges.execute(
      batch.map((raw) => ({ raw, decoded: decodeMessage(CrmContractEvent, raw.value) })),
    );
  }
}
