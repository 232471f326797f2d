import { Decision, InvoiceDecisionEvent, NotEligibleReason } from '@sa/contracts';
import { Judgement, Verdict } from './bonus-facts';
import { invoiceDecisionEventId } from './event-ids';
import { InvoiceDocument, targetInvoiceId } from './invoice-document';

export interface DocumentDecision {
  decision: Decision;
  reason: NotEligibleReason | null;
  /** Invoice: the amount it earns. Credit note: minus what it took back. Otherwise 0. */
  eligibleAmountCents: number;
}

export interface JudgedInvoice {
  monthlyFeeCents: number;
  creditedCents: number;
  verdict: Verdict;
}

/** An input invoice, judged with everything known now (credit notes that came first included). */
export function decideInvoiceDocument(judged: JudgedInvoice): DocumentDecision {
  const { verdict } = judged;
  return verdict.eligible
    ? { decision: 'BONUS_RECORDED', reason: null, eligibleAmountCents: verdict.amountCents }
    : { decision: 'NOT_ELIGIBLE', reason: verdict.reason, eligibleAmountCents: 0 };
}

/**
 * An input credit note: what it takes back from its invoice (R10: never more than the invoice
 * still holds). `judged` is its invoice with this note already counted, or undefined when that
 * invoice has not arrived yet.
 */
export function decideCreditNoteDocument(
  noteMonthlyFeeCents: number,
  judged: JudgedInvoice | undefined,
): DocumentDecision {
  if (!judged) return { decision: 'NOT_ELIGIBLE', reason: 'INVOICE_UNKNOWN', eligibleAmountCents: 0 };
  const { verdict } = judged;
  if (!verdict.eligible && verdict.reason !== 'NO_ELIGIBLE_AMOUNT') {
    return { decision: 'NOT_ELIGIBLE', reason: verdict.reason, eligibleAmountCents: 0 };
  }
  const withNote = Math.max(0, judged.monthlyFeeCents + judged.creditedCents);
  const withoutNote = Math.max(0, judged.monthlyFeeCents + judged.creditedCents - Math.min(0, noteMonthlyFeeCents));
  const takenBack = withoutNote - withNote;
  if (takenBack <= 0) return { decision: 'NOT_ELIGIBLE', reason: 'NO_ELIGIBLE_AMOUNT', eligibleAmountCents: 0 };
  return { decision: 'BONUS_REVERSED', reason: null, eligibleAmountCents: -takenBack };
}

export const DUPLICATE_DECISION: DocumentDecision = { decision: 'DUPLICATE', reason: null, eligibleAmountCents: 0 };

/**
 * An accepted document's decision, from the re-judgement of the invoice it is about (its own, or
 * for a credit note the invoice it credits, which may not have arrived yet).
 */
export function decideDocument(doc: InvoiceDocument, judged: ReadonlyMap<string, Judgement>): DocumentDecision {
  const target = judged.get(targetInvoiceId(doc));
  const invoice = target && { monthlyFeeCents: target.facts.monthlyFeeCents, ...target };
  return doc.kind === 'invoice'
    ? decideInvoiceDocument(invoice!)
    : decideCreditNoteDocument(doc.monthlyFeeCents, invoice);
}

/** The decision message for one input document (exactly one per input eventId). */
export function decisionEvent(
  doc: InvoiceDocument,
  decided: DocumentDecision,
  decidedAt: string,
): InvoiceDecisionEvent {
  return {
    eventId: invoiceDecisionEventId(doc.eventId),
    invoiceId: doc.invoiceId,
    sourceEventId: doc.eventId,
    customerId: doc.customerId,
    decision: decided.decision,
    reason: decided.reason,
    eligibleAmountCents: decided.eligibleAmountCents,
    decidedAt,
  };
}

export interface DecisionCount {
  decision: string;
  /** '' for none: the counts table's key has no NULL. */
  reason: string;
  count: number;
}

/** Decisions per (decision, reason), in key order (concurrent batches update the count rows in one order). */
export function tallyDecisions(decisions: readonly { decision: string; reason?: string | null }[]): DecisionCount[] {
  const counts = new Map<string, DecisionCount>();
  for (const d of decisions) {
    const reason = d.reason ?? '';
    const key = `${d.decision}\u0000${reason}`;
    const row = counts.get(key) ?? { decision: d.decision, reason, count: 0 };
    row.count++;
    counts.set(key, row);
  }
  return [...counts.keys()].sort().map((k) => counts.get(k)!);
}
