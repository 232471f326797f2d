import { IsIn } from 'class-validator';
import { IsIdentifier } from '../common/identifier.validator';
import { IsInstantWithZone } from '../common/instant.validator';

export const CONTRACT_STATUSES = ['QUOTE', 'ACTIVE', 'TERMINATED'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** `crm.contracts.v1`, key contractId: a contract's state from `changedAt` on. */
export class CrmContractEvent {
  @IsIdentifier()
  eventId!: string;

  @IsIdentifier()
  contractId!: string;

  /** The customer who signed; changes on a contract transfer. */
  @IsIdentifier()
  signerCustomerId!: string;

  @IsIn(CONTRACT_STATUSES, { message: `$property must be one of ${CONTRACT_STATUSES.join(', ')}` })
  status!: ContractStatus;

  @IsInstantWithZone()
  changedAt!: string;
}
