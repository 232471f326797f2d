import { EntityManager } from 'typeorm';

// Each namespace is cut into a fixed number of stripes, so one transaction takes at most this many
// advisory locks per namespace: thousands of per-customer locks would exhaust the shared lock table.
export const LOCK_STRIPES = 256;
const NAMESPACE = { customers: 0x62630001, contracts: 0x62630002 } as const;

/**
 * Serialises a batch that reads a customer's or contract's facts with a batch that changes them:
 * invoice batches lock their payers' and contracts' stripes shared (they never block each other);
 * consent and contract batches lock theirs exclusively. Whoever comes second waits, then reads
 * what the first committed. Stripes are taken in one global order (namespace, stripe), so these
 * locks never deadlock among themselves. Transaction-scoped: released at commit or rollback.
 */
export class SubjectLocksRepository {
  static async lockCustomers(manager: EntityManager, customerIds: string[], mode: 'SHARE' | 'UPDATE'): Promise<void> {
    await SubjectLocksRepository.lock(manager, [[NAMESPACE.customers, customerIds]], mode);
  }

  static async lockContracts(manager: EntityManager, contractIds: string[], mode: 'SHARE' | 'UPDATE'): Promise<void> {
    await SubjectLocksRepository.lock(manager, [[NAMESPACE.contracts, contractIds]], mode);
  }

  /** Payers and contracts in one round trip, still in the global order. */
  static async lockCustomersAndContracts(manager: EntityManager, customerIds: string[], contractIds: string[], mode: 'SHARE' | 'UPDATE'): Promise<void> {
    await SubjectLocksRepository.lock(manager, [[NAMESPACE.customers, customerIds], [NAMESPACE.contracts, contractIds]], mode);
  }

  private static async lock(manager: EntityManager, subjects: [namespace: number, ids: string[]][], mode: 'SHARE' | 'UPDATE'): Promise<void> {
    const keys: [number, number][] = [];
    for (const [namespace, ids] of subjects) for (const stripe of new Set(ids.map(stripeOf))) keys.push([namespace, stripe]);
    if (keys.length === 0) return;
    const fn = mode === 'SHARE' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
    await manager.query(`SELECT count(${fn}(ns, s)) FROM (SELECT ns, s FROM unnest($1::int[], $2::int[]) AS t(ns, s) ORDER BY ns, s) ordered`, [
      keys.map((k) => k[0]),
      keys.map((k) => k[1]),
    ]);
  }
}

/** FNV-1a: stable across processes and versions (unlike a runtime hash), cheap for short ids. */
export function stripeOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % LOCK_STRIPES;
}
