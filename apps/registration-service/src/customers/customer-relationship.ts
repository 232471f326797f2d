import { ContractState } from './customer-contracts.port';

/**
 * R8 over contracts' states at one instant: the customer signs at least one ACTIVE contract. A quote or
 * a terminated contract is no customer relationship; neither is a contract someone else signs by now.
 */
export function hasCustomerRelationship(customerId: string, contracts: ContractState[]): boolean {
  return contracts.some((c) => c.signerCustomerId === customerId && c.status === 'ACTIVE');
}
