import { ConsentRecord, ContractVersion, InvoiceFacts } from './bonus-facts';
import { rejudgeInvoices, RejudgeInputs } from './rejudge-invoices';

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

describe('rejudgeInvoices', () => {
  it('judges, settles the difference and gives the new holdings', () => {
    const r = rejudgeInvoices(inputs(), sources);
    expect(r.judged.get('INV-1')).toMatchObject({ creditedCents: 0, verdict: { eligible: true, amountCents: 4990 } });
    expect(r.purchases.map((p) => [p.sourceEventId, p.purchasedAt, p.amountCents])).toEqual([
      ['e-src', '2026-11-10T08:00:00.000Z', 4990],
    ]);
    expect(r.ledger).toEqual([{ invoiceId: 'INV-1', memberNumber: '1111111111', householdId: 'H-1', netCents: 4990 }]);
    expect(r.replaced).toEqual([]);
  });

  it('changes nothing when what was sent still holds', () => {
    const sent = new Map([['INV-1', [{ memberNumber: '1111111111', householdId: 'H-1', netCents: 4990 }]]]);
    expect(rejudgeInvoices(inputs({ sent }), sources)).toMatchObject({ purchases: [], ledger: [], replaced: [] });
  });

  it('replaces the holdings when a credit note lowers the amount', () => {
    const sent = new Map([['INV-1', [{ memberNumber: '1111111111', householdId: 'H-1', netCents: 4990 }]]]);
    const r = rejudgeInvoices(inputs({ sent, credited: new Map([['INV-1', -990]]) }), sources);
    expect(r.purchases.map((p) => p.amountCents)).toEqual([-990]);
    expect(r.replaced).toEqual(['INV-1']);
    expect(r.ledger).toEqual([expect.objectContaining({ netCents: 4000 })]);
  });

  it('reverses everything and holds nothing when the invoice stops earning', () => {
    const sent = new Map([['INV-1', [{ memberNumber: '1111111111', householdId: 'H-1', netCents: 4990 }]]]);
    const r = rejudgeInvoices(inputs({ sent, consents: new Map() }), sources);
    expect(r.purchases.map((p) => [p.eventType, p.amountCents])).toEqual([['BonusPurchaseReversed', -4990]]);
    expect(r.replaced).toEqual(['INV-1']);
    expect(r.ledger).toEqual([]);
  });
});
