import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '../infrastructure/clock';
import { ContractState, CUSTOMER_CONTRACTS, CustomerContracts } from './customer-contracts.port';
import { hasCustomerRelationship } from './customer-relationship';

export interface CustomerContractsView {
  customerId: string;
  contracts: ContractState[];
  /** R8 as it stands now: would a registration be accepted as far as contracts go. */
  customerRelationship: boolean;
  at: Date;
}

/** The contracts a customer signs, each with its current state, and whether that is a customer relationship. */
@Injectable()
export class GetCustomerContractsUseCase {
  constructor(
    @Inject(CUSTOMER_CONTRACTS) private readonly contracts: CustomerContracts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(customerId: string): Promise<CustomerContractsView> {
    const at = this.clock.now();
    const contracts = await this.contracts.contractsOf(customerId, at);
    return { customerId, contracts, customerRelationship: hasCustomerRelationship(customerId, contracts), at };
  }
}
