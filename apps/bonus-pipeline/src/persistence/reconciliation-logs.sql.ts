import { BonusPurchaseEvent, InvoiceDecisionEvent } from '@sa/contracts';
import { SqlParameters } from '@sa/persistence';

/** One row of `bonus.purchase_log`. */
export interface PurchaseLogRow {
  eventId: string;
  eventType: string;
  invoiceId: string;
  memberNumber: string;
  householdId: string;
  amountCents: number;
  purchasedAt: string;
  sourceEventId: string;
  correction: boolean;
}

/**
 * The purchase log rows of a batch. A purchase is a correction when a correction decision of the same batch
 * announces it (same cause and invoice): purchases carry no flag of their own on the topic.
 */
export function purchaseLogRows(
  purchases: readonly BonusPurchaseEvent[],
  decisions: readonly InvoiceDecisionEvent[],
): PurchaseLogRow[] {
  if (purchases.length === 0) return [];
  const corrected = new Set(
    decisions.filter((d) => d.correction).map((d) => `${d.causeEventId ?? d.sourceEventId}\u0000${d.invoiceId}`),
  );
  return purchases.map((p) => ({
    eventId: p.eventId,
    eventType: p.eventType,
    invoiceId: p.invoiceId,
    memberNumber: p.memberNumber,
    householdId: p.householdId,
    amountCents: p.amountCents,
    purchasedAt: p.purchasedAt,
    sourceEventId: p.sourceEventId,
    correction: corrected.has(`${p.sourceEventId}\u0000${p.invoiceId}`),
  }));
}

/**
 * The issuedAt each decision counts for (its month in the reconciliation): its invoice's; a credit note's is the
 * invoice it credits, as its reversal's purchasedAt is (its own while that invoice is unknown: INVOICE_UNKNOWN, which
 * changes nothing). `issuedAtOf` is what the transaction stored or re-judged (invoiceId → ISO); null leaves it to the
 * database (a credit note whose invoice was not re-judged: unknown, or a duplicate).
 */
export function issuedAtOfDecisions(
  decisions: readonly InvoiceDecisionEvent[],
  issuedAtOf: ReadonlyMap<string, string>,
): (string | null)[] {
  return decisions.map((d) => issuedAtOf.get(d.creditedInvoiceId ?? d.invoiceId) ?? null);
}

/** Appends purchase log rows, bound as columns of `p`. */
export function insertPurchaseLogSql(p: SqlParameters, rows: readonly PurchaseLogRow[]): string {
  const column = p.columnsOf(rows);
  return `INSERT INTO bonus.purchase_log (event_id, event_type, invoice_id, member_number, household_id, amount_cents,
         purchased_at, source_event_id, correction)
       SELECT * FROM unnest(${column((r) => r.eventId)}, ${column((r) => r.eventType)}, ${column((r) => r.invoiceId)},
         ${column((r) => r.memberNumber)}, ${column((r) => r.householdId)}, ${column((r) => r.amountCents, 'bigint')},
         ${column((r) => r.purchasedAt, 'timestamptz')}, ${column((r) => r.sourceEventId)},
         ${column((r) => r.correction, 'boolean')})`;
}

/**
 * Appends the decisions as sent, bound as columns of `p`, each with the issuedAt it counts for (`issuedAtOfDecisions`).
 * One the transaction did not know is read from `bonus.invoices` (stored earlier in the same transaction): the
 * credited invoice's if it arrived, else the document's own. Only the few credit notes whose invoice was not
 * re-judged need it; coalesce skips the rest.
 */
export function insertDecisionLogSql(
  p: SqlParameters,
  decisions: readonly InvoiceDecisionEvent[],
  issuedAtOf: ReadonlyMap<string, string>,
): string {
  const column = p.columnsOf(decisions);
  return `INSERT INTO bonus.decision_log (event_id, invoice_id, credited_invoice_id, customer_id, decision, reason,
         eligible_cents, amount_change_cents, correction, cause_event_id, source_event_id, issued_at, decided_at)
       SELECT d.event_id, d.invoice_id, d.credited_invoice_id, d.customer_id, d.decision, d.reason, d.eligible_cents,
         d.amount_change_cents, d.correction, d.cause_event_id, d.source_event_id,
         coalesce(d.issued_at,
           (SELECT i.issued_at FROM bonus.invoices i WHERE i.invoice_id = d.credited_invoice_id AND i.kind = 'invoice'),
           (SELECT i.issued_at FROM bonus.invoices i WHERE i.invoice_id = d.invoice_id)),
         d.decided_at
       FROM unnest(${column((d) => d.eventId)}, ${column((d) => d.invoiceId)}, ${column((d) => d.creditedInvoiceId)},
         ${column((d) => d.customerId)}, ${column((d) => d.decision)}, ${column((d) => d.reason)},
         ${column((d) => d.eligibleAmountCents, 'bigint')}, ${column((d) => d.amountChangeCents ?? 0, 'bigint')},
         ${column((d) => d.correction ?? false, 'boolean')}, ${column((d) => d.causeEventId)},
         ${column((d) => d.sourceEventId)}, ${p.column(issuedAtOfDecisions(decisions, issuedAtOf), 'timestamptz')},
         ${column((d) => d.decidedAt, 'timestamptz')})
         AS d(event_id, invoice_id, credited_invoice_id, customer_id, decision, reason, eligible_cents,
           amount_change_cents, correction, cause_event_id, source_event_id, issued_at, decided_at)`;
}
