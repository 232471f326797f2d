/** A contract the customer signs or has signed, as it stood at an instant: its last change at or before it. */
export interface ContractState {
  contractId: string;
  status: 'QUOTE' | 'ACTIVE' | 'TERMINATED';
  /** The signer of the last change: after a change of signer, the contract is listed with its new signer. */
  signerCustomerId: string;
  changedAt: Date;
}

/** Port: what the CRM feed says about a customer's contracts (read side, for agents). */
export interface CustomerContracts {
  /** Every contract any version of which names the customer as signer, with its state at `at`, by contract id. */
  contractsOf(customerId: string, at: Date): Promise<ContractState[]>;
}

export const CUSTOMER_CONTRACTS = Symbol('CUSTOMER_CONTRACTS');
