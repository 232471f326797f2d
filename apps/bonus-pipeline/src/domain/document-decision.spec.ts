import { decideCreditNoteDocument, decideInvoiceDocument } from './document-decision';

const ok = { eligible: true as const, memberNumber: '1111111111', householdId: 'H-1', amountCents: 0 };

describe('document decisions', () => {
  it('an eligible invoice is BONUS_RECORDED with its amount; an ineligible one names its reason', () => {
    expect(decideInvoiceDocument({ monthlyFeeCents: 4990, creditedCents: 0, verdict: { ...ok, amountCents: 4990 } })).toEqual({ decision: 'BONUS_RECORDED', reason: null, eligibleAmountCents: 4990 });
    expect(decideInvoiceDocument({ monthlyFeeCents: 4990, creditedCents: 0, verdict: { eligible: false, reason: 'PAYER_NOT_SIGNER' } })).toEqual({ decision: 'NOT_ELIGIBLE', reason: 'PAYER_NOT_SIGNER', eligibleAmountCents: 0 });
  });

  it('a credit note before its invoice is INVOICE_UNKNOWN', () => {
    expect(decideCreditNoteDocument(-100, undefined)).toEqual({ decision: 'NOT_ELIGIBLE', reason: 'INVOICE_UNKNOWN', eligibleAmountCents: 0 });
  });

  it('a credit note takes back at most what is left of its invoice', () => {
    expect(decideCreditNoteDocument(-990, { monthlyFeeCents: 4990, creditedCents: -990, verdict: { ...ok, amountCents: 4000 } })).toMatchObject({ decision: 'BONUS_REVERSED', eligibleAmountCents: -990 });
    expect(decideCreditNoteDocument(-9000, { monthlyFeeCents: 4990, creditedCents: -9000, verdict: { eligible: false, reason: 'NO_ELIGIBLE_AMOUNT' } })).toMatchObject({ decision: 'BONUS_REVERSED', eligibleAmountCents: -4990 });
    expect(decideCreditNoteDocument(-100, { monthlyFeeCents: 4990, creditedCents: -5090, verdict: { eligible: false, reason: 'NO_ELIGIBLE_AMOUNT' } })).toEqual({ decision: 'NOT_ELIGIBLE', reason: 'NO_ELIGIBLE_AMOUNT', eligibleAmountCents: 0 });
  });

  it("a credit note on an invoice that never earned carries the invoice's reason", () => {
    expect(decideCreditNoteDocument(-100, { monthlyFeeCents: 4990, creditedCents: -100, verdict: { eligible: false, reason: 'NOT_REGISTERED' } })).toMatchObject({ decision: 'NOT_ELIGIBLE', reason: 'NOT_REGISTERED' });
  });
});
