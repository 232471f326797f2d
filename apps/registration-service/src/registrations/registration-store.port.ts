import { ConsentEvent } from '@sa/contracts';
import { ConsentHistoryEntry, Registration } from './registration';

/** Work done while holding the customer's lock, in one database transaction. */
export interface CustomerTransaction {
  findActive(): Promise<Registration | null>;
  /** Stores the grant and its event (and the event's outbox row) in this transaction. */
  recordGrant(registration: Registration, event: ConsentEvent): Promise<void>;
  /** Ends the registration at `revokedAt` and stores the event (and its outbox row) in this transaction. */
  recordRevocation(registration: Registration, revokedAt: Date, event: ConsentEvent): Promise<void>;
}

export interface CustomerLockOptions {
  /** Create the customer's row when missing (true for a grant, which may record one). */
  createCustomer: boolean;
}

/** Port: registrations and their consent events. */
export interface RegistrationStore {
  findActive(customerId: string): Promise<Registration | null>;
  history(customerId: string): Promise<ConsentHistoryEntry[]>;
  /**
   * Runs `work` in one transaction holding the customer's row lock, so changes for one customer are
   * serialized and their events enter the outbox in commit order. With `createCustomer: false` a
   * customer never seen is not created (a refusal records nothing): `work` then finds nothing active.
   */
  inCustomerTransaction<T>(
    customerId: string,
    work: (tx: CustomerTransaction) => Promise<T>,
    options?: CustomerLockOptions,
  ): Promise<T>;
}

export const REGISTRATION_STORE = Symbol('REGISTRATION_STORE');
