import { BonusPurchaseEvent, InvoiceDecisionEvent } from '@sa/contracts';
import { issuedAtOfDecisions, purchaseLogRows } from './reconciliation-logs.sql';

const purchase = (sourceEventId: string, invoiceId: string, amountCents: number): BonusPurchaseEvent => ({
  eventId: `bp-${sourceEventId}-${invoiceId}`,
  eventType: amountCents >= 0 ? 'BonusPurchaseRecorded' : 'BonusPurchaseReversed',
  partnerId: 'sector-alarm-fi',
  memberNumber: '1234567890',
  householdId: 'H-1',
  invoiceId,
  sourceEventId,
  purchasedAt: '2026-11-02T08:00:00Z',
  amountCents,
  currency: 'EUR',
});

const decision = (sourceEventId: string, invoiceId: string, correction: boolean): InvoiceDecisionEvent => ({
  eventId: `dec-${sourceEventId}-${invoiceId}`,
  invoiceId,
  sourceEventId,
  customerId: 'C-1',
  decision: 'BONUS_RECORDED',
  reason: null,
  eligibleAmountCents: 4990,
  decidedAt: '2026-11-25T10:00:00Z',
  amountChangeCents: 4990,
  ...(correction ? { correction: true, causeEventId: sourceEventId } : {}),
});

describe('purchaseLogRows', () => {
  it('marks as corrections exactly the purchases a correction decision of the batch announces', () => {
    const rows = purchaseLogRows(
      [purchase('e-inv', 'INV-1', 4990), purchase('e-consent', 'INV-2', 4990), purchase('e-consent', 'INV-3', -100)],
      [decision('e-inv', 'INV-1', false), decision('e-consent', 'INV-2', true)],
    );
    expect(rows.map((r) => [r.invoiceId, r.correction])).toEqual([
      ['INV-1', false],
      ['INV-2', true],
      ['INV-3', false],
    ]);
    expect(rows[0]).toEqual({
      eventId: 'bp-e-inv-INV-1',
      eventType: 'BonusPurchaseRecorded',
      invoiceId: 'INV-1',
      memberNumber: '1234567890',
      householdId: 'H-1',
      amountCents: 4990,
      purchasedAt: '2026-11-02T08:00:00Z',
      sourceEventId: 'e-inv',
      correction: false,
    });
  });

  it('has no rows without purchases', () => {
    expect(purchaseLogRows([], [decision('e-inv', 'INV-1', true)])).toEqual([]);
  });
});

describe('issuedAtOfDecisions', () => {
  const issuedAtOf = new Map([
    ['INV-1', '2026-02-28T22:00:00.000Z'],
    ['CN-1', '2026-04-05T09:00:00.000Z'],
    ['CN-2', '2026-04-06T09:00:00.000Z'],
  ]);

  it("dates an invoice's decision by its issuedAt and a credit note's by the invoice it credits", () => {
    const issuedAt = issuedAtOfDecisions(
      [
        decision('e-inv', 'INV-1', false),
        { ...decision('e-cn', 'CN-1', false), creditedInvoiceId: 'INV-1' },
        { ...decision('e-cn2', 'CN-2', false), creditedInvoiceId: 'INV-unknown' },
        decision('e-other', 'INV-not-in-this-transaction', true),
      ],
      issuedAtOf,
    );
    expect(issuedAt).toEqual([
      '2026-02-28T22:00:00.000Z',
      '2026-02-28T22:00:00.000Z',
      // Its invoice was not re-judged (not arrived, or a duplicate note): the database looks it up.
      null,
      // Not known to the transaction: the database looks it up.
      null,
    ]);
  });
});
