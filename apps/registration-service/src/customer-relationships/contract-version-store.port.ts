import { CrmContractEvent, DeadLetterEvent } from '@sa/contracts';

/** What storing one contract change did: a new version, a repeat of a known one, or a clash with one. */
export type ContractChangeResult = 'recorded' | 'duplicate' | 'conflict';

export interface ContractChangeTransaction {
  record(change: CrmContractEvent): Promise<ContractChangeResult>;
  /** Queues the dead letter in this same transaction. */
  deadLetter(letter: DeadLetterEvent): Promise<void>;
}

/** Port: the contract versions kept from `crm.contracts.v1`. */
export interface ContractVersionStore {
  inTransaction<T>(work: (tx: ContractChangeTransaction) => Promise<T>): Promise<T>;
}

export const CONTRACT_VERSION_STORE = Symbol('CONTRACT_VERSION_STORE');
