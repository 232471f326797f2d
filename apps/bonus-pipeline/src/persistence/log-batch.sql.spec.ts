import { BonusPurchaseEvent, InvoiceDecisionEvent } from '@sa/contracts';
import { correctionPositions, issuedAtOfDecisions, logBatch } from './log-batch.sql';

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

describe('correctionPositions', () => {
  it('marks as corrections exactly the purchases a correction decision of the batch announces', () => {
    const positions = correctionPositions(
      [purchase('e-inv', 'INV-1', 4990), purchase('e-consent', 'INV-2', 4990), purchase('e-consent', 'INV-3', -100)],
      [decision('e-inv', 'INV-1', false), decision('e-consent', 'INV-2', true)],
    );
    expect(positions).toEqual([2]);
  });

  it('has none without purchases or without correction decisions', () => {
    expect(correctionPositions([], [decision('e-inv', 'INV-1', true)])).toEqual([]);
    expect(correctionPositions([purchase('e-inv', 'INV-1', 4990)], [decision('e-inv', 'INV-1', false)])).toEqual([]);
  });
});

describe('logBatch', () => {
  it('counts the payloads it joins and keeps per invoice only what a month or an explanation looks up', () => {
    const decisions = [
      decision('e-inv', 'INV-1', false),
      { ...decision('e-cn', 'CN-1', false), creditedInvoiceId: 'INV-9' },
    ];
    const purchases = [
      { ...purchase('e-inv', 'INV-1', 4990), purchasedAt: '2026-11-02T08:00:00.000Z' },
      { ...purchase('e-cn', 'INV-9', -100), purchasedAt: '2026-10-31T23:00:00.000Z' },
    ];
    const batch = logBatch(decisions, purchases, new Map([['INV-1', 'X']]));
    expect(batch).toEqual({
      purchaseCount: 2,
      decisionCount: 2,
      issuedAt: ['X', null],
      // Only the decision whose issuedAt the transaction did not know is looked up.
      lookupInvoiceIds: [null, 'CN-1'],
      lookupCreditedIds: [null, 'INV-9'],
      correctionPositions: [],
      purchasedRange: ['2026-10-31T23:00:00.000Z', '2026-11-02T08:00:00.000Z'],
      invoiceIds: ['INV-1', 'CN-1', 'INV-9'],
    });
  });

  it('has no purchase range without purchases', () => {
    expect(logBatch([decision('e-inv', 'INV-1', false)], [], new Map()).purchasedRange).toBeUndefined();
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
