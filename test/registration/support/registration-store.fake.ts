import { ConsentEvent } from '@sa/contracts';
import { ConsentHistoryEntry, Registration } from '../../../apps/registration-service/src/registrations/registration';
import {
  CustomerLockOptions,
  CustomerTransaction,
  RegistrationStore,
} from '../../../apps/registration-service/src/registrations/registration-store.port';

/** In-memory RegistrationStore for unit specs: same contract as the PostgreSQL adapter, one customer at a time. */
export class FakeRegistrationStore implements RegistrationStore {
  readonly registrations: Array<Registration & { revokedAt: Date | null }> = [];
  readonly events: ConsentEvent[] = [];
  /** Customers whose lock row exists, as `registration.customers` holds them. */
  readonly customers = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  async findActive(customerId: string): Promise<Registration | null> {
    const found = this.registrations.find((r) => r.customerId === customerId && r.revokedAt === null);
    if (!found) return null;
    const { revokedAt: _revokedAt, ...registration } = found;
    return registration;
  }

  async history(customerId: string): Promise<ConsentHistoryEntry[]> {
    return this.events
      .filter((e) => e.customerId === customerId)
      .map(({ customerId: _c, effectiveAt, ...e }) => ({ ...e, effectiveAt: new Date(effectiveAt) }));
  }

  inCustomerTransaction<T>(
    customerId: string,
    work: (tx: CustomerTransaction) => Promise<T>,
    { createCustomer }: CustomerLockOptions = { createCustomer: true },
  ): Promise<T> {
    // Serialized like the row lock; a throwing `work` leaves nothing behind, like a rollback.
    const run = this.queue.then(async () => {
      const staged: Array<() => void> = [];
      if (createCustomer) staged.push(() => this.customers.add(customerId));
      const known = createCustomer || this.customers.has(customerId);
      const result = await work({
        findActive: () => (known ? this.findActive(customerId) : Promise.resolve(null)),
        recordGrant: async (registration, event) =>
          void staged.push(
            () => (this.registrations.push({ ...registration, revokedAt: null }), this.events.push(event)),
          ),
        recordRevocation: async (registration, revokedAt, event) =>
          void staged.push(() => {
            this.registrations.find((r) => r.registrationId === registration.registrationId)!.revokedAt = revokedAt;
            this.events.push(event);
          }),
      });
      staged.forEach((apply) => apply());
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
