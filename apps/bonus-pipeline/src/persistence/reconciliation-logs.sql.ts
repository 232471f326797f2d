import { BonusPurchaseEvent, InvoiceDecisionEvent } from '@sa/contracts';

/** One row of `bonus.purchase_log`, as the JSON parameter carries it. */
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

/** One row of `bonus.decision_log`: the decision as sent, with the issuedAt of the invoice it counts for. */
export type DecisionLogRow = InvoiceDecisionEvent & { issuedAt: string | null };

/**
 * The decision log rows of a batch. A decision's month is the issuedAt of the invoice it counts for: a credit note's
 * goes with the invoice it credits, as its reversal's purchasedAt does (its own while that invoice is unknown:
 * INVOICE_UNKNOWN, which changes nothing). `issuedAtOf` is what the transaction stored or re-judged (invoiceId →
 * ISO); null leaves it to the database (a credit note whose invoice was not re-judged: unknown, or a duplicate).
 */
export function decisionLogRows(
  decisions: readonly InvoiceDecisionEvent[],
  issuedAtOf: ReadonlyMap<string, string>,
): DecisionLogRow[] {
  return decisions.map((d) => ({
    ...d,
    issuedAt: issuedAtOf.get(d.creditedInvoiceId ?? d.invoiceId) ?? null,
  }));
}

/** Appends purchases from one JSON parameter (`param`, e.g. '$4'). */
export function insertPurchaseLogSql(param: string): string {
  return `INSERT INTO bonus.purchase_log (event_id, event_type, invoice_id, member_number, household_id, amount_cents,
         purchased_at, source_event_id, correction)
       SELECT p."eventId", p."eventType", p."invoiceId", p."memberNumber", p."householdId", p."amountCents",
         p."purchasedAt", p."sourceEventId", p.correction
       FROM json_to_recordset(${param}::json) AS p("eventId" text, "eventType" text, "invoiceId" text,
         "memberNumber" text, "householdId" text, "amountCents" bigint, "purchasedAt" timestamptz,
         "sourceEventId" text, correction boolean)`;
}

/**
 * Appends decisions (`decisionLogRows`) from one JSON parameter. An issuedAt the transaction did not know is read
 * from `bonus.invoices` (stored earlier in the same transaction): the credited invoice's if it arrived, else the
 * document's own. Only the few credit notes whose invoice was not re-judged need it; coalesce skips the rest.
 */
export function insertDecisionLogSql(param: string): string {
  return `INSERT INTO bonus.decision_log (event_id, invoice_id, credited_invoice_id, customer_id, decision, reason,
         eligible_cents, amount_change_cents, correction, cause_event_id, source_event_id, issued_at, decided_at)
       SELECT d."eventId", d."invoiceId", d."creditedInvoiceId", d."customerId", d.decision, d.reason,
         d."eligibleAmountCents", coalesce(d."amountChangeCents", 0), coalesce(d.correction, false),
         d."causeEventId", d."sourceEventId",
         coalesce(d."issuedAt",
           (SELECT i.issued_at FROM bonus.invoices i WHERE i.invoice_id = d."creditedInvoiceId" AND i.kind = 'invoice'),
           (SELECT i.issued_at FROM bonus.invoices i WHERE i.invoice_id = d."invoiceId")),
         d."decidedAt"
       FROM json_to_recordset(${param}::json) AS d("eventId" text, "invoiceId" text, "creditedInvoiceId" text,
         "customerId" text, decision text, reason text, "eligibleAmountCents" bigint, "amountChangeCents" bigint,
         correction boolean, "causeEventId" text, "sourceEventId" text, "issuedAt" timestamptz,
         "decidedAt" timestamptz)`;
}
