/** Port: the customer relationships kept from the CRM feed (R8). */
export interface CustomerRelationships {
  /** True when the customer signs at least one contract whose state at `at` is ACTIVE. */
  hasActiveContract(customerId: string, at: Date): Promise<boolean>;
}

export const CUSTOMER_RELATIONSHIPS = Symbol('CUSTOMER_RELATIONSHIPS');
