import {
  decideCreditNoteDocument,
  correctionDecision,
  decideDocument,
  skippedCorrectionDecision,
  decideInvoiceDocument,
  decisionEvent,
  DUPLICATE_DECISION,
  tallyDecisions,
} from './document-decision';
import { correctionDecisionEventId, invoiceDecisionEventId } from './event-ids';

const ok = { eligible: true as const, memberNumber: '1111111111', householdId: 'H-1', amountCents: 0 };

describe('document decisions', () => {
  it('an eligible invoice is BONUS_RECORDED with its amount; an ineligible one names its reason', () => {
    expect(
      decideInvoiceDocument({ monthlyFeeCents: 4990, creditedCents: 0, verdict: { ...ok, amountCents: 4990 } }),
    ).toEqual({ decision: 'BONUS_RECORDED', reason: null, eligibleAmountCents: 4990 });
    expect(
      decideInvoiceDocument({
        monthlyFeeCents: 4990,
        creditedCents: 0,
        verdict: { eligible: false, reason: 'PAYER_NOT_SIGNER' },
      }),
    ).toEqual({ decision: 'NOT_ELIGIBLE', reason: 'PAYER_NOT_SIGNER', eligibleAmountCents: 0 });
  });

  it('a credit note before its invoice is INVOICE_UNKNOWN', () => {
    expect(decideCreditNoteDocument(-100, undefined)).toEqual({
      decision: 'NOT_ELIGIBLE',
      reason: 'INVOICE_UNKNOWN',
      eligibleAmountCents: 0,
    });
  });

  it('a credit note takes back at most what is left of its invoice', () => {
    expect(
      decideCreditNoteDocument(-990, {
        monthlyFeeCents: 4990,
        creditedCents: -990,
        verdict: { ...ok, amountCents: 4000 },
      }),
    ).toMatchObject({ decision: 'BONUS_REVERSED', eligibleAmountCents: -990 });
    expect(
      decideCreditNoteDocument(-9000, {
        monthlyFeeCents: 4990,
        creditedCents: -9000,
        verdict: { eligible: false, reason: 'NO_ELIGIBLE_AMOUNT' },
      }),
    ).toMatchObject({ decision: 'BONUS_REVERSED', eligibleAmountCents: -4990 });
    expect(
      decideCreditNoteDocument(-100, {
        monthlyFeeCents: 4990,
        creditedCents: -5090,
        verdict: { eligible: false, reason: 'NO_ELIGIBLE_AMOUNT' },
      }),
    ).toEqual({ decision: 'NOT_ELIGIBLE', reason: 'NO_ELIGIBLE_AMOUNT', eligibleAmountCents: 0 });
  });

  it("a credit note on an invoice that never earned carries the invoice's reason", () => {
    expect(
      decideCreditNoteDocument(-100, {
        monthlyFeeCents: 4990,
        creditedCents: -100,
        verdict: { eligible: false, reason: 'NOT_REGISTERED' },
      }),
    ).toMatchObject({ decision: 'NOT_ELIGIBLE', reason: 'NOT_REGISTERED' });
  });
});

describe('decideDocument / decisionEvent / tallyDecisions', () => {
  const invoiceDoc = {
    eventId: 'e-1',
    invoiceId: 'INV-1',
    kind: 'invoice' as const,
    creditedInvoiceId: null,
    customerId: 'C-1',
    contractId: 'K-1',
    issuedAt: '2026-11-10T08:00:00.000Z',
    monthlyFeeCents: 4990,
    contentHash: 'h',
  };
  const facts = { invoiceId: 'INV-1', customerId: 'C-1', contractId: 'K-1', issuedAtMs: 0, monthlyFeeCents: 4990 };
  const judgement = {
    facts,
    creditedCents: -990,
    verdict: { ...ok, amountCents: 4000 },
    changeCents: -990,
    changed: true,
  };
  const judged = new Map([['INV-1', judgement]]);
  const sources = new Map([['INV-1', 'e-2']]);

  it('decides an invoice by its own judgement and a credit note by its invoice', () => {
    expect(decideDocument(invoiceDoc, judged, sources)).toEqual({
      decision: 'BONUS_RECORDED',
      reason: null,
      eligibleAmountCents: 4000,
      creditedCents: -990,
      amountChangeCents: 0,
    });
    const note = {
      ...invoiceDoc,
      eventId: 'e-2',
      invoiceId: 'CN-1',
      kind: 'credit_note' as const,
      creditedInvoiceId: 'INV-1',
      monthlyFeeCents: -990,
    };
    // The note is the re-judgement's source: it announces what was sent for the invoice.
    expect(decideDocument(note, judged, sources)).toMatchObject({
      decision: 'BONUS_REVERSED',
      eligibleAmountCents: -990,
      amountChangeCents: -990,
    });
    expect(decideDocument({ ...note, creditedInvoiceId: 'INV-9' }, judged, sources)).toMatchObject({
      reason: 'INVOICE_UNKNOWN',
      amountChangeCents: 0,
    });
  });

  it('announces a correction with the change, a skipped one with none; ids from cause and invoice', () => {
    const at = '2026-11-23T00:00:00.000Z';
    expect(correctionDecision(judgement, 'g-1', at)).toEqual({
      eventId: correctionDecisionEventId('g-1', 'INV-1'),
      invoiceId: 'INV-1',
      sourceEventId: 'g-1',
      customerId: 'C-1',
      decision: 'BONUS_RECORDED',
      reason: null,
      eligibleAmountCents: 4000,
      decidedAt: at,
      amountChangeCents: -990,
      correction: true,
      causeEventId: 'g-1',
    });
    expect(skippedCorrectionDecision(facts, 'g-1', at)).toMatchObject({
      eventId: correctionDecisionEventId('g-1', 'INV-1'),
      decision: 'CORRECTION_SKIPPED',
      reason: 'OUTSIDE_CORRECTION_WINDOW',
      eligibleAmountCents: 0,
      amountChangeCents: 0,
      correction: true,
      causeEventId: 'g-1',
    });
  });

  it('builds the decision message with its fixed id', () => {
    expect(decisionEvent(invoiceDoc, DUPLICATE_DECISION, '2026-11-23T00:00:00.000Z')).toEqual({
      eventId: invoiceDecisionEventId('e-1'),
      invoiceId: 'INV-1',
      sourceEventId: 'e-1',
      customerId: 'C-1',
      decision: 'DUPLICATE',
      reason: null,
      eligibleAmountCents: 0,
      decidedAt: '2026-11-23T00:00:00.000Z',
      amountChangeCents: 0,
    });
  });

  it('counts decisions per (decision, reason) in key order, no reason as empty', () => {
    expect(
      tallyDecisions([
        { decision: 'NOT_ELIGIBLE', reason: 'NOT_REGISTERED' },
        { decision: 'BONUS_RECORDED', reason: null },
        { decision: 'NOT_ELIGIBLE', reason: 'NOT_REGISTERED' },
        { decision: 'BONUS_RECORDED' },
      ]),
    ).toEqual([
      { decision: 'BONUS_RECORDED', reason: '', count: 2 },
      { decision: 'NOT_ELIGIBLE', reason: 'NOT_REGISTERED', count: 2 },
    ]);
  });
});
