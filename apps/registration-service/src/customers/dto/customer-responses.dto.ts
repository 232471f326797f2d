import { ApiProperty } from '@nestjs/swagger';

export class ContractStateDto {
  @ApiProperty({ example: 'K-1001' }) contractId!: string;
  @ApiProperty({ enum: ['QUOTE', 'ACTIVE', 'TERMINATED'], description: 'the state now: its last change' })
  status!: string;
  @ApiProperty({ example: 'C-1001', description: 'who signs it now' }) signerCustomerId!: string;
  @ApiProperty({ example: '2026-11-23T08:00:00.000Z', description: 'when its last change took effect' })
  changedAt!: string;
}

export class CustomerContractsDto {
  @ApiProperty() customerId!: string;
  @ApiProperty({
    description: 'R8: the customer signs at least one ACTIVE contract now (quotes and terminated ones do not count)',
  })
  customerRelationship!: boolean;
  @ApiProperty({
    type: [ContractStateDto],
    description: 'every contract the customer signs or has signed, by contract id; empty when the CRM knows none',
  })
  contracts!: ContractStateDto[];
}

export class AgentDto {
  @ApiProperty({ example: 'agent-17', description: 'the agent the key was issued to' }) agentId!: string;
}
