import { Decision, InvoiceDecisionEvent, NotEligibleReason } from '@sa/contracts';
import { InvoiceFacts, Judgement, Verdict } from './bonus-facts';
import { FactCorrections } from './settle-invoice';
import { correctionDecisionEventId, invoiceDecisionEventId } from './event-ids';
import { InvoiceDocument, targetInvoiceId } from './invoice-document';

export interface DocumentDecision {
  decision: Decision;
  reason: NotEligibleReason | null;
  /** Invoice: the amount it earns. Credit note: minus what it took back. Otherwise 0. */
  eligibleAmountCents: number;
  /** Σ of the purchases this decision announces for its invoice (see `amountChanges`); 0 when none. */
  amountChangeCents?: number;
  /** An invoice: what its credit notes took off (< 0), when any. */
  creditedCents?: number;
}

export interface JudgedInvoice {
  monthlyFeeCents: number;
  creditedCents: number;
  verdict: Verdict;
}

/** An input invoice, judged with everything known now (credit notes that came first included). */
export function decideInvoiceDocument(judged: JudgedInvoice): DocumentDecision {
  const { verdict } = judged;
  const credited = judged.creditedCents < 0 ? { creditedCents: judged.creditedCents } : {};
  return verdict.eligible
    ? { decision: 'BONUS_RECORDED', reason: null, eligibleAmountCents: verdict.amountCents, ...credited }
    : { decision: 'NOT_ELIGIBLE', reason: verdict.reason, eligibleAmountCents: 0, ...credited };
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
 * for a credit note the invoice it credits, which may not have arrived yet). Its amountChangeCents is what
 * the re-judgement sent for that invoice if the document is the re-judgement's source (the batch's last input
 * about the invoice, whose eventId the purchases carry), else 0: per invoice they add up to the purchases.
 */
export function decideDocument(
  doc: InvoiceDocument,
  judged: ReadonlyMap<string, Judgement>,
  sources: ReadonlyMap<string, string>,
): DocumentDecision {
  const targetId = targetInvoiceId(doc);
  const target = judged.get(targetId);
  const invoice = target && { monthlyFeeCents: target.facts.monthlyFeeCents, ...target };
  const decided =
    doc.kind === 'invoice' ? decideInvoiceDocument(invoice!) : decideCreditNoteDocument(doc.monthlyFeeCents, invoice);
  const announces = target !== undefined && sources.get(targetId) === doc.eventId;
  return { ...decided, amountChangeCents: announces ? target.changeCents : 0 };
}

/**
 * A correction: the invoice's new verdict after a contract change or consent (`causeEventId`) changed what is
 * sent for it, with the change. Its id is derived from the cause and the invoice, so a replay sends the same.
 */
export function correctionDecision(
  judgement: Judgement,
  causeEventId: string,
  decidedAt: string,
): InvoiceDecisionEvent {
  const { facts, verdict } = judgement;
  return {
    eventId: correctionDecisionEventId(causeEventId, facts.invoiceId),
    invoiceId: facts.invoiceId,
    sourceEventId: causeEventId,
    customerId: facts.customerId,
    decision: verdict.eligible ? 'BONUS_RECORDED' : 'NOT_ELIGIBLE',
    reason: verdict.eligible ? null : verdict.reason,
    eligibleAmountCents: verdict.eligible ? verdict.amountCents : 0,
    decidedAt,
    amountChangeCents: judgement.changeCents,
    correction: true,
    causeEventId,
  };
}

/** A late fact that would have changed an invoice outside the correction window: nothing is sent for it. */
export function skippedCorrectionDecision(
  invoice: InvoiceFacts,
  causeEventId: string,
  decidedAt: string,
): InvoiceDecisionEvent {
  return {
    eventId: correctionDecisionEventId(causeEventId, invoice.invoiceId),
    invoiceId: invoice.invoiceId,
    sourceEventId: causeEventId,
    customerId: invoice.customerId,
    decision: 'CORRECTION_SKIPPED',
    reason: 'OUTSIDE_CORRECTION_WINDOW',
    eligibleAmountCents: 0,
    decidedAt,
    amountChangeCents: 0,
    correction: true,
    causeEventId,
  };
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
    amountChangeCents: decided.amountChangeCents ?? 0,
    ...(decided.creditedCents !== undefined ? { creditedCents: decided.creditedCents } : {}),
    ...(doc.creditedInvoiceId !== null ? { creditedInvoiceId: doc.creditedInvoiceId } : {}),
  };
}

/** A fact batch's decisions: one per invoice it changed (a correction), one per invoice it would have changed. */
export function factDecisions(corrections: FactCorrections, causes: ReadonlyMap<string, string>, decidedAt: string) {
  const changed = [...corrections.judged.values()].filter((j) => j.changed);
  return [
    ...changed.map((j) => correctionDecision(j, causes.get(j.facts.invoiceId)!, decidedAt)),
    ...corrections.skipped.map((s) => skippedCorrectionDecision(s.invoice, s.causeEventId, decidedAt)),
  ];
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
