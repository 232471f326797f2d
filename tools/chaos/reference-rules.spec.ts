import { ConsentInput, ContractInput, InvoiceInput } from './chaos-workload';
import { expectedBonus } from './reference-rules';

const invoice = (over: Partial<InvoiceInput> = {}): InvoiceInput => ({
  eventId: 'e-1',
  eventType: 'InvoiceIssued',
  invoiceId: 'INV-1',
  creditedInvoiceId: null,
  customerId: 'C-1',
  contractId: 'K-1',
  issuedAt: '2026-06-01T00:00:00.000Z',
  currency: 'EUR',
  lines: [
    { lineId: '1', category: 'MONTHLY_FEE', description: 'fee', grossAmountCents: 4990, vatRatePercent: 25.5 },
    { lineId: '2', category: 'EQUIPMENT', description: 'detector', grossAmountCents: 8900, vatRatePercent: 25.5 },
  ],
  ...over,
});
const note = (cents: number, id = 'CN-1'): InvoiceInput =>
  invoice({
    eventId: `e-${id}`,
    eventType: 'CreditNoteIssued',
    invoiceId: id,
    creditedInvoiceId: 'INV-1',
    lines: [{ lineId: '1', category: 'MONTHLY_FEE', description: 'c', grossAmountCents: -cents, vatRatePercent: 25.5 }],
  });
const contract = (signer: string, changedAt: string): ContractInput => ({
  eventId: `k-${changedAt}`,
  contractId: 'K-1',
  signerCustomerId: signer,
  status: 'ACTIVE',
  changedAt,
});
const consent = (type: ConsentInput['eventType'], effectiveAt: string, member = '1234567890'): ConsentInput => ({
  eventId: `c-${effectiveAt}`,
  eventType: type,
  registrationId: 'R-1',
  customerId: 'C-1',
  memberNumber: member,
  householdId: 'H-1',
  effectiveAt,
  channel: 'PHONE',
  recordedBy: 'agent',
});
const signed = [contract('C-1', '2026-01-01T00:00:00.000Z')];
const granted = [consent('ConsentGranted', '2026-05-01T00:00:00.000Z')];
const asObject = (m: Map<string, Map<string, number>>) =>
  Object.fromEntries([...m].map(([k, v]) => [k, Object.fromEntries(v)]));

describe("expectedBonus (the chaos run's independent reading of the rules)", () => {
  it('R1: the monthly fee of a signer with active consent goes to the granted member number', () => {
    expect(asObject(expectedBonus([invoice()], [], signed, granted))).toEqual({ 'INV-1': { '1234567890': 4990 } });
  });

  it('R2: nothing when the payer is not the signer at issuedAt (a transfer before it)', () => {
    const transferred = [...signed, contract('C-2', '2026-05-31T00:00:00.000Z')];
    expect(expectedBonus([invoice()], [], transferred, granted).size).toBe(0);
  });

  it('R7: a consent effective exactly at issuedAt counts; one after it does not; a revocation stops it', () => {
    const at = '2026-06-01T00:00:00.000Z';
    expect(expectedBonus([invoice()], [], signed, [consent('ConsentGranted', at)]).size).toBe(1);
    expect(expectedBonus([invoice()], [], signed, [consent('ConsentGranted', '2026-06-02T00:00:00.000Z')]).size).toBe(
      0,
    );
    expect(expectedBonus([invoice()], [], signed, [...granted, consent('ConsentRevoked', at)]).size).toBe(0);
  });

  it('R10: credit notes take back what they credit, never more than the fee', () => {
    expect(asObject(expectedBonus([invoice()], [note(990)], signed, granted))).toEqual({
      'INV-1': { '1234567890': 4000 },
    });
    expect(expectedBonus([invoice()], [note(3000), note(3000, 'CN-2')], signed, granted).size).toBe(0);
  });
});
