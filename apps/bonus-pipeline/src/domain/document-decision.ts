import { Decision, NotEligibleReason } from '@sa/contracts';
import { Verdict } from './bonus-facts';

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
export function decideCreditNoteDocument(noteMonthlyFeeCents: number, judged: JudgedInvoice | undefined): DocumentDecision {
  if (!judged) return { decision: 'NOT_ELIGIBLE', reason: 'INVOICE_UNKNOWN', eligibleAmountCents: 0 };
  const { verdict } = judged;
  if (!verdict.eligible && verdict.reason !== 'NO_ELIGIBLE_AMOUNT') return { decision: 'NOT_ELIGIBLE', reason: verdict.reason, eligibleAmountCents: 0 };
  const withNote = Math.max(0, judged.monthlyFeeCents + judged.creditedCents);
  const withoutNote = Math.max(0, judged.monthlyFeeCents + judged.creditedCents - Math.min(0, noteMonthlyFeeCents));
  const takenBack = withoutNote - withNote;
  if (takenBack <= 0) return { decision: 'NOT_ELIGIBLE', reason: 'NO_ELIGIBLE_AMOUNT', eligibleAmountCents: 0 };
  return { decision: 'BONUS_REVERSED', reason: null, eligibleAmountCents: -takenBack };
}
