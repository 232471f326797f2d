import { ConsentRecord, ContractVersion, InvoiceFacts, LedgerEntry, Verdict } from './bonus-facts';
import { correctInvoices, rejudgeInvoices, RejudgeInputs, settleInvoice } from './settle-invoice';

const eligible = (memberNumber: string, amountCents: number, householdId = 'H-1'): Verdict => ({
  eligible: true,
  memberNumber,
  householdId,
  amountCents,
});
const notEligible: Verdict = { eligible: false, reason: 'CONSENT_REVOKED' };
const held = (memberNumber: string, netCents: number, householdId = 'H-1', eventsSent = 1): LedgerEntry => ({
  memberNumber,
  householdId,
  netCents,
  eventsSent,
});
const amounts = (verdict: Verdict, sent: LedgerEntry[]) =>
  settleInvoice('INV-1', '2026-11-10T08:00:00.000Z', verdict, sent, 'e-1').purchases.map((p) => [
    p.eventType,
    p.memberNumber,
    p.amountCents,
  ]);

describe('settleInvoice', () => {
  it('records the whole amount the first time', () => {
    expect(amounts(eligible('1111111111', 4990), [])).toEqual([['BonusPurchaseRecorded', '1111111111', 4990]]);
  });

  it('sends nothing when what was sent already matches', () => {
    expect(amounts(eligible('1111111111', 4990), [held('1111111111', 4990)])).toEqual([]);
    expect(amounts(notEligible, [])).toEqual([]);
  });

  it('reverses only the difference when a credit note lowers the amount', () => {
    expect(amounts(eligible('1111111111', 4000), [held('1111111111', 4990)])).toEqual([
      ['BonusPurchaseReversed', '1111111111', -990],
    ]);
  });

  it('reverses everything when the invoice stops being eligible', () => {
    expect(amounts(notEligible, [held('1111111111', 4990)])).toEqual([['BonusPurchaseReversed', '1111111111', -4990]]);
  });

  it('moves the purchase to a new member: reversal for the old, record for the new', () => {
    expect(amounts(eligible('2222222222', 4990, 'H-2'), [held('1111111111', 4990)])).toEqual([
      ['BonusPurchaseReversed', '1111111111', -4990],
      ['BonusPurchaseRecorded', '2222222222', 4990],
    ]);
  });

  it('keeps the ledger equal to the sum of everything it emitted', () => {
    const sent = [held('1111111111', 100), held('3333333333', 250)];
    const settlement = settleInvoice('INV-1', '2026-11-10T08:00:00.000Z', eligible('3333333333', 400), sent, 'e-9');
    const net = (m: string) =>
      (sent.find((e) => e.memberNumber === m)?.netCents ?? 0) +
      settlement.purchases.filter((p) => p.memberNumber === m).reduce((s, p) => s + p.amountCents, 0);
    expect(net('1111111111')).toBe(0);
    expect(net('3333333333')).toBe(400);
    expect(settlement.ledger).toEqual([held('1111111111', 0, 'H-1', 2), held('3333333333', 400, 'H-1', 2)]);
  });

  it('names a purchase by its step of the pair, not by the input that caused it', () => {
    const id = (verdict: Verdict, sent: LedgerEntry[], source: string) =>
      settleInvoice('INV-1', 'x', verdict, sent, source).purchases[0].eventId;
    const first = id(eligible('1111111111', 4990), [], 'e-1');
    expect(id(eligible('1111111111', 4990), [], 'e-2')).toBe(first);
    // Another amount for the same step is another id: one id never stands for two amounts.
    expect(id(eligible('1111111111', 3990), [], 'e-1')).not.toBe(first);
    // Recorded again after a full reversal: the same before/after, but a later step.
    expect(id(eligible('1111111111', 4990), [held('1111111111', 0, 'H-1', 2)], 'e-1')).not.toBe(first);
    // Two credit notes in one batch (−2000) against one at a time (−1000, −1000): different ids.
    const both = id(eligible('1111111111', 2990), [held('1111111111', 4990)], 'e-cn2');
    const one = id(eligible('1111111111', 3990), [held('1111111111', 4990)], 'e-cn1');
    expect(both).not.toBe(one);
  });

  it('numbers the steps per (invoice, member) and keeps the count when the net returns to 0', () => {
    const revoked = settleInvoice('INV-1', 'x', notEligible, [held('1111111111', 4990, 'H-1', 3)], 'e-r');
    expect(revoked.ledger).toEqual([held('1111111111', 0, 'H-1', 4)]);
    expect(settleInvoice('INV-1', 'x', notEligible, revoked.ledger, 'e-r2')).toEqual({
      purchases: [],
      ledger: revoked.ledger,
    });
  });
});

const t = Date.parse;
const invoice: InvoiceFacts = {
  invoiceId: 'INV-1',
  customerId: 'C-1',
  contractId: 'K-1',
  issuedAtMs: t('2026-11-10T08:00:00Z'),
  monthlyFeeCents: 4990,
};
const contract: ContractVersion = {
  contractId: 'K-1',
  changedAtMs: t('2026-01-01T00:00:00Z'),
  signerCustomerId: 'C-1',
  status: 'ACTIVE',
  eventId: 'k1',
};
const grant: ConsentRecord = {
  customerId: 'C-1',
  effectiveAtMs: t('2026-11-01T00:00:00Z'),
  eventType: 'ConsentGranted',
  registrationId: 'R-1',
  memberNumber: '1111111111',
  householdId: 'H-1',
  eventId: 'g1',
};
const inputs = (over: Partial<RejudgeInputs> = {}): RejudgeInputs => ({
  invoices: [invoice],
  credited: new Map(),
  contracts: new Map([['K-1', [contract]]]),
  consents: new Map([['C-1', [grant]]]),
  sent: new Map(),
  ...over,
});
const sources = new Map([['INV-1', 'e-src']]);
const DAY = 86_400_000;
const WINDOW = { windowMs: 400 * DAY };

describe('rejudgeInvoices', () => {
  it('judges, settles the difference and gives the new holdings', () => {
    const r = rejudgeInvoices(inputs(), sources, WINDOW);
    expect(r.judged.get('INV-1')).toMatchObject({ creditedCents: 0, verdict: { eligible: true, amountCents: 4990 } });
    expect(r.purchases.map((p) => [p.sourceEventId, p.purchasedAt, p.amountCents])).toEqual([
      ['e-src', '2026-11-10T08:00:00.000Z', 4990],
    ]);
    expect(r.ledger).toEqual([{ invoiceId: 'INV-1', ...held('1111111111', 4990) }]);
    expect(r.replaced).toEqual([]);
  });

  it('changes nothing when what was sent still holds', () => {
    const sent = new Map([['INV-1', [held('1111111111', 4990)]]]);
    expect(rejudgeInvoices(inputs({ sent }), sources, WINDOW)).toMatchObject({
      purchases: [],
      ledger: [],
      replaced: [],
    });
  });

  it('replaces the holdings when a credit note lowers the amount', () => {
    const sent = new Map([['INV-1', [held('1111111111', 4990)]]]);
    const r = rejudgeInvoices(inputs({ sent, credited: new Map([['INV-1', -990]]) }), sources, WINDOW);
    expect(r.purchases.map((p) => p.amountCents)).toEqual([-990]);
    expect(r.replaced).toEqual(['INV-1']);
    expect(r.ledger).toEqual([expect.objectContaining({ netCents: 4000 })]);
  });

  it('reverses everything when the invoice stops earning, and keeps the pair with net 0 and its count', () => {
    const sent = new Map([['INV-1', [held('1111111111', 4990)]]]);
    const r = rejudgeInvoices(inputs({ sent, consents: new Map() }), sources, WINDOW);
    expect(r.purchases.map((p) => [p.eventType, p.amountCents])).toEqual([['BonusPurchaseReversed', -4990]]);
    expect(r.replaced).toEqual(['INV-1']);
    expect(r.ledger).toEqual([{ invoiceId: 'INV-1', ...held('1111111111', 0, 'H-1', 2) }]);
  });
});

describe('rejudgeInvoices: facts recorded after the window had closed for the invoice', () => {
  it('does not count them, so a credit note on an old invoice only takes back', () => {
    const sent = new Map([['INV-1', [held('1111111111', 4990)]]]);
    const lateRevocation: ConsentRecord = {
      ...grant,
      eventId: 'r1',
      eventType: 'ConsentRevoked',
      effectiveAtMs: t('2026-11-05T00:00:00Z'),
      recordedAtMs: invoice.issuedAtMs + 2 * DAY,
    };
    const consents = new Map([['C-1', [grant, lateRevocation]]]);
    const credited = new Map([['INV-1', -1000]]);
    const r = rejudgeInvoices(inputs({ sent, consents, credited }), sources, { windowMs: DAY });
    expect(r.purchases.map((p) => p.amountCents)).toEqual([-1000]);
    expect(r.judged.get('INV-1')).toMatchObject({ changeCents: -1000, changed: true });
  });
});

describe('correctInvoices', () => {
  const late: ConsentRecord = { ...grant, recordedAtMs: invoice.issuedAtMs + 2 * DAY };
  const window = (recordedAtMs: number) => ({ windowMs: DAY, recordedAtMs, newFacts: new Set(['g1']) });

  it('corrects an invoice inside the window', () => {
    const fresh: ConsentRecord = { ...grant, recordedAtMs: invoice.issuedAtMs };
    const r = correctInvoices(
      inputs({ consents: new Map([['C-1', [fresh]]]) }),
      sources,
      window(invoice.issuedAtMs + DAY),
    );
    expect(r.purchases.map((p) => p.amountCents)).toEqual([4990]);
    expect(r.judged.get('INV-1')).toMatchObject({ changeCents: 4990, changed: true });
    expect(r.skipped).toEqual([]);
  });

  it('sends nothing for an invoice outside the window, and names it with what the fact would have changed', () => {
    const r = correctInvoices(inputs({ consents: new Map([['C-1', [late]]]) }), sources, window(late.recordedAtMs!));
    expect(r).toMatchObject({ purchases: [], ledger: [], replaced: [] });
    expect(r.skipped).toEqual([{ invoice, causeEventId: 'e-src', wouldChangeCents: 4990 }]);
  });

  it('names nothing when the late fact would not have changed the invoice', () => {
    const sent = new Map([['INV-1', [held('1111111111', 4990)]]]);
    const both = new Map([['C-1', [{ ...grant, eventId: 'g0' }, late]]]);
    const r = correctInvoices(inputs({ sent, consents: both }), sources, window(late.recordedAtMs!));
    expect(r.skipped).toEqual([]);
  });
});
