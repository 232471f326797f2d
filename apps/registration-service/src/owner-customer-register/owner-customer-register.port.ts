/** What S-Group's owner-customer register says about a member number. */
export type OwnerCustomerLookup =
  | { kind: 'owner-customer'; householdId: string }
  | { kind: 'not-owner-customer' }
  | { kind: 'unknown' }
  /** Unreachable, timing out, 5xx or nonsense after the bounded retries: the caller must not record anything. */
  | { kind: 'unavailable'; reason: string };

/** Port: S-Group's owner-customer register (R9). */
export interface OwnerCustomerRegister {
  lookup(memberNumber: string): Promise<OwnerCustomerLookup>;
}

export const OWNER_CUSTOMER_REGISTER = Symbol('OWNER_CUSTOMER_REGISTER');
