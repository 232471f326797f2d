import { SqlParameters } from '@sa/persistence';
import { Holding } from '../domain/bonus-facts';
import { DecisionCount } from '../domain/document-decision';

/** What the bonus schema's statements share: lock keys, set-based inserts, small helpers. */

/** Quiet batches hold it shared, the reconciliation exclusively (transaction-scoped). */
export const RECOVERY_LOCK = 0x62630004;

// Each namespace is cut into a fixed number of stripes, so one transaction takes at most this many
// advisory locks per namespace: thousands of per-customer locks would exhaust the shared lock table.
export const LOCK_STRIPES = 256;
export const LOCK_NAMESPACE = { customers: 0x62630001, contracts: 0x62630002 } as const;

/** The INSERT of ledger holdings, bound as columns of `p`. */
export function insertHoldingsSql(p: SqlParameters, entries: readonly Holding[]): string {
  const column = p.columnsOf(entries);
  return `INSERT INTO bonus.ledger (invoice_id, member_number, household_id, net_amount_cents, events_sent)
       SELECT * FROM unnest(${column((e) => e.invoiceId)}, ${column((e) => e.memberNumber)},
         ${column((e) => e.householdId)}, ${column((e) => e.netCents, 'bigint')},
         ${column((e) => e.eventsSent, 'int')})`;
}

/** Adds a batch's decision counts (`tallyDecisions`), bound as columns of `p`. */
export function addDecisionCountsSql(p: SqlParameters, counts: readonly DecisionCount[]): string {
  const column = p.columnsOf(counts);
  return `INSERT INTO bonus.decision_counts (decision, reason, count)
       SELECT * FROM unnest(${column((c) => c.decision)}, ${column((c) => c.reason)},
         ${column((c) => c.count, 'bigint')})
       ON CONFLICT (decision, reason) DO UPDATE SET count = bonus.decision_counts.count + excluded.count`;
}

/**
 * PostgreSQL's text and jsonb refuse NUL, and a parser's message or a field path can quote one from the
 * input: it is stored as the visible escape `\u0000` (the bytes themselves are kept in `raw_value`).
 */
export function withoutNul(text: string): string {
  return text.replaceAll('\u0000', '\\u0000');
}

/** FNV-1a: stable across processes and versions (unlike a runtime hash), cheap for short ids. */
export function stripeOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % LOCK_STRIPES;
}

/** Rows grouped by a key, each group in row order (Map.groupBy arrives only with Node 21). */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
