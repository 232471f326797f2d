import { ContractState } from './customer-contracts.port';
import { hasCustomerRelationship } from './customer-relationship';

const contract = (status: ContractState['status'], signerCustomerId = 'C-1'): ContractState => ({
  contractId: `K-${status}`,
  status,
  signerCustomerId,
  changedAt: new Date('2026-11-01T10:00:00Z'),
});

describe('hasCustomerRelationship (R8)', () => {
  it('is true when the customer signs an ACTIVE contract', () => {
    expect(hasCustomerRelationship('C-1', [contract('QUOTE'), contract('ACTIVE')])).toBe(true);
  });

  it('is false for quotes and terminated contracts only', () => {
    expect(hasCustomerRelationship('C-1', [contract('QUOTE'), contract('TERMINATED')])).toBe(false);
    expect(hasCustomerRelationship('C-1', [])).toBe(false);
  });

  it('is false when the ACTIVE contract now names another signer', () => {
    expect(hasCustomerRelationship('C-1', [contract('ACTIVE', 'C-2')])).toBe(false);
  });
});
