import { settleInvoice } from './settle-invoice';
import { reconcileWithTopic, SentPurchase, SentPurchasesFold, TopicHolding } from './sent-purchases';

const sent = (eventId: string, amountCents: number, memberNumber = '1111111111', invoiceId = 'INV-1') =>
  ({
    eventId,
    eventType: amountCents > 0 ? 'BonusPurchaseRecorded' : 'BonusPurchaseReversed',
    invoiceId,
    memberNumber,
    householdId: 'H-1',
    amountCents,
    purchasedAt: '2026-11-10T08:00:00.000Z',
    sourceEventId: `src-${eventId}`,
  }) satisfies SentPurchase;
const invoice = { sourceEventId: 'e-inv', purchasedAt: '2026-11-10T08:00:00.000Z' };
const topic = (netCents: number, events: number, memberNumber = '1111111111'): TopicHolding => ({
  invoiceId: 'INV-1',
  memberNumber,
  householdId: 'H-1',
  netCents,
  events,
});

describe('SentPurchasesFold (what the purchases topic carries)', () => {
  it('sums each (invoice, member) over distinct eventIds and counts its events', () => {
    const fold = new SentPurchasesFold();
    [sent('a', 4990), sent('b', -1000), sent('c', 300, '2222222222'), sent('d', 100, '1111111111', 'INV-2')].forEach(
      (p) => fold.add(p),
    );
    expect([...fold.holdings.values()]).toEqual([
      topic(3990, 2),
      topic(300, 1, '2222222222'),
      { ...topic(100, 1), invoiceId: 'INV-2' },
    ]);
  });

  it('counts a republished event once, as S-Group does, and reports identical and conflicting copies', () => {
    const fold = new SentPurchasesFold();
    [sent('a', 4990), sent('a', 4990), sent('a', -4990)].forEach((p) => fold.add(p));
    expect([...fold.holdings.values()]).toEqual([topic(4990, 1)]);
    expect(fold).toMatchObject({ read: 3, duplicates: 1, conflicts: 1 });
    expect(fold.distinct).toEqual([sent('a', 4990)]);
  });
});

describe('reconcileWithTopic (after a quiet catch-up)', () => {
  const pair = { invoiceId: 'INV-1', memberNumber: '1111111111', invoice };

  it('sends nothing where the topic already carries what the rules give, and keeps its count', () => {
    const r = reconcileWithTopic([{ ...pair, rules: { householdId: 'H-1', netCents: 3990 }, topic: topic(3990, 3) }]);
    expect(r.purchases).toEqual([]);
    expect(r.ledger).toEqual([
      { invoiceId: 'INV-1', memberNumber: '1111111111', householdId: 'H-1', netCents: 3990, eventsSent: 3 },
    ]);
  });

  it('sends only the missing difference, as the next step of the pair on the topic', () => {
    const r = reconcileWithTopic([{ ...pair, rules: { householdId: 'H-1', netCents: 2990 }, topic: topic(4990, 1) }]);
    expect(r.purchases.map((p) => [p.eventType, p.amountCents, p.sourceEventId])).toEqual([
      ['BonusPurchaseReversed', -2000, 'e-inv'],
    ]);
    expect(r.ledger).toEqual([expect.objectContaining({ netCents: 2990, eventsSent: 2 })]);
  });

  it('recomputes a purchase lost with the outbox under the id it had (same step, same content)', () => {
    const live = settleInvoice(
      'INV-1',
      invoice.purchasedAt,
      { eligible: true, memberNumber: '1111111111', householdId: 'H-1', amountCents: 3990 },
      [{ memberNumber: '1111111111', householdId: 'H-1', netCents: 4990, eventsSent: 1 }],
      'e-cn',
    );
    const r = reconcileWithTopic([{ ...pair, rules: { householdId: 'H-1', netCents: 3990 }, topic: topic(4990, 1) }]);
    expect(r.purchases.map((p) => p.eventId)).toEqual(live.purchases.map((p) => p.eventId));
  });

  it('reverses what the topic carries for a member the rules no longer give it to, and records for a new one', () => {
    const r = reconcileWithTopic([
      { ...pair, topic: topic(4990, 1) },
      { ...pair, memberNumber: '2222222222', rules: { householdId: 'H-2', netCents: 4990 } },
    ]);
    expect(r.purchases.map((p) => [p.memberNumber, p.amountCents])).toEqual([
      ['1111111111', -4990],
      ['2222222222', 4990],
    ]);
    expect(r.ledger.map((h) => [h.memberNumber, h.netCents, h.eventsSent])).toEqual([
      ['1111111111', 0, 2],
      ['2222222222', 4990, 1],
    ]);
  });

  it('keeps what the topic carries for an invoice this replay never received', () => {
    const r = reconcileWithTopic([{ invoiceId: 'INV-1', memberNumber: '1111111111', topic: topic(4990, 2) }]);
    expect(r.purchases).toEqual([]);
    expect(r.ledger).toEqual([expect.objectContaining({ netCents: 4990, eventsSent: 2 })]);
  });
});
