import { InvoiceEvent } from '@sa/contracts';
import {
  classifyInvoiceInputs,
  creditedOutsideBatch,
  firstVersions,
  InvoiceDocument,
  invoiceTargets,
  StoredInvoices,
  targetInvoiceId,
  toInvoiceDocument,
} from './invoice-document';

const AT = new Date('2026-11-23T09:00:00Z');

const doc = (over: Partial<InvoiceDocument>): { doc: InvoiceDocument } => ({
  doc: {
    eventId: 'e-1',
    invoiceId: 'INV-1',
    kind: 'invoice',
    creditedInvoiceId: null,
    customerId: 'C-1',
    contractId: 'K-1',
    issuedAt: '2026-11-10T08:00:00.000Z',
    monthlyFeeCents: 4990,
    contentHash: 'h-1',
    ...over,
  },
});
const stored = (alreadyStored: string[] = [], replacedStubs: string[] = []): StoredInvoices => ({
  storedNow: (id) => !alreadyStored.includes(id),
  replacedStub: (id) => replacedStubs.includes(id),
});

describe('classifyInvoiceInputs', () => {
  it('accepts the first version stored now; a later one of the batch with the same content is a duplicate', () => {
    const a = doc({ eventId: 'e-a' });
    const b = doc({ eventId: 'e-b' });
    expect(classifyInvoiceInputs([a, b], firstVersions([a, b]), stored(), new Map())).toEqual({
      accepted: [a],
      duplicates: [b],
      conflicts: [],
    });
  });

  it('a later one of the batch with other content is a conflict', () => {
    const a = doc({ eventId: 'e-a' });
    const b = doc({ eventId: 'e-b', contentHash: 'h-2' });
    expect(classifyInvoiceInputs([a, b], firstVersions([a, b]), stored(), new Map()).conflicts).toEqual([b]);
  });

  it('compares with the stored version when the invoiceId was stored before', () => {
    const same = doc({ eventId: 'e-a' });
    const other = doc({ eventId: 'e-b', invoiceId: 'INV-2', contentHash: 'h-x' });
    const result = classifyInvoiceInputs(
      [same, other],
      firstVersions([same, other]),
      stored(['INV-1', 'INV-2']),
      new Map([
        ['INV-1', 'h-1'],
        ['INV-2', 'h-2'],
      ]),
    );
    expect(result).toEqual({ accepted: [], duplicates: [same], conflicts: [other] });
  });

  it('an invoiceId stored before without a stored hash (never the case for a real row) is a conflict', () => {
    const a = doc({});
    expect(classifyInvoiceInputs([a], firstVersions([a]), stored(['INV-1']), new Map()).conflicts).toEqual([a]);
  });
});

describe('invoiceTargets (credit-note targeting)', () => {
  const note = (eventId: string, credited: string, invoiceId = `CN-${eventId}`) =>
    doc({ eventId, invoiceId, kind: 'credit_note', creditedInvoiceId: credited, monthlyFeeCents: -990 }).doc;

  it('a credit note targets the invoice it credits; an invoice targets itself', () => {
    expect(targetInvoiceId(note('e-cn', 'INV-1'))).toBe('INV-1');
    expect(targetInvoiceId(doc({}).doc)).toBe('INV-1');
  });

  it('a brand-new invoice is judged from memory with itself as source', () => {
    const targets = invoiceTargets([doc({ eventId: 'e-inv' }).doc], stored(), AT);
    expect(targets.creditedInvoiceIds).toEqual([]);
    expect([...targets.sources]).toEqual([['INV-1', 'e-inv']]);
    expect([...targets.brandNew]).toEqual([
      [
        'INV-1',
        {
          invoiceId: 'INV-1',
          customerId: 'C-1',
          contractId: 'K-1',
          issuedAtMs: Date.parse('2026-11-10T08:00:00Z'),
          monthlyFeeCents: 4990,
          recordedAtMs: AT.getTime(),
        },
      ],
    ]);
  });

  it('an invoice stored over a stub (a credit note came first) is not brand new: its credit must be read', () => {
    const targets = invoiceTargets([doc({}).doc], stored([], ['INV-1']), AT);
    expect(targets.brandNew.size).toBe(0);
    expect(targets.sources.get('INV-1')).toBe('e-1');
  });

  it('an invoice credited in the same batch is not brand new, and the last input about it is the source', () => {
    const targets = invoiceTargets([doc({ eventId: 'e-inv' }).doc, note('e-cn', 'INV-1')], stored(), AT);
    expect(targets.creditedInvoiceIds).toEqual(['INV-1']);
    expect(targets.brandNew.size).toBe(0);
    expect([...targets.sources]).toEqual([['INV-1', 'e-cn']]);
  });

  it('a credit note for an invoice not in the batch asks for a stub and re-judges that invoice', () => {
    const targets = invoiceTargets([note('e-cn', 'INV-7')], stored(), AT);
    expect(targets.creditedInvoiceIds).toEqual(['INV-7']);
    expect([...targets.sources]).toEqual([['INV-7', 'e-cn']]);
    expect(targets.brandNew.size).toBe(0);
  });
});

describe('creditedOutsideBatch', () => {
  const note = (eventId: string, credited: string) =>
    doc({ eventId, invoiceId: `CN-${eventId}`, kind: 'credit_note', creditedInvoiceId: credited }).doc;

  it("names each credited invoice once, sorted, leaving out the batch's own documents", () => {
    const docs = [note('e-1', 'INV-9'), doc({ invoiceId: 'INV-3' }).doc, note('e-2', 'INV-3'), note('e-3', 'INV-4')];
    docs.push({ ...note('e-4', 'INV-9'), invoiceId: 'CN-4' });
    expect(creditedOutsideBatch(docs)).toEqual(['INV-4', 'INV-9']);
  });

  it('asks for nothing when the batch has no credit notes', () => {
    expect(creditedOutsideBatch([doc({}).doc])).toEqual([]);
  });
});

describe('toInvoiceDocument', () => {
  const event = {
    eventId: 'e-1',
    eventType: 'InvoiceIssued',
    invoiceId: 'INV-1',
    creditedInvoiceId: null,
    customerId: 'C-1',
    contractId: 'K-1',
    issuedAt: '2026-11-10T10:00:00+02:00',
    currency: 'EUR',
    lines: [
      { lineId: '1', category: 'MONTHLY_FEE', grossAmountCents: 4990, vatRatePercent: 25.5 },
      { lineId: '2', category: 'MONTHLY_FEE', description: 'discount', grossAmountCents: -500, vatRatePercent: 25.5 },
      { lineId: '3', category: 'EQUIPMENT', grossAmountCents: 8900, vatRatePercent: 25.5 },
    ],
  } as InvoiceEvent;

  it('keeps the R1 amount (monthly fee lines, discounts included) and the instant in UTC', () => {
    expect(toInvoiceDocument(event)).toMatchObject({
      kind: 'invoice',
      monthlyFeeCents: 4490,
      issuedAt: '2026-11-10T08:00:00.000Z',
    });
  });

  it('fingerprints the content without the eventId: same content, same hash; any change, another', () => {
    const hash = toInvoiceDocument(event).contentHash;
    expect(toInvoiceDocument({ ...event, eventId: 'e-2' }).contentHash).toBe(hash);
    expect(toInvoiceDocument({ ...event, issuedAt: '2026-11-10T08:00:00Z' }).contentHash).toBe(hash);
    expect(toInvoiceDocument({ ...event, customerId: 'C-2' }).contentHash).not.toBe(hash);
    expect(toInvoiceDocument({ ...event, lines: event.lines.slice(0, 2) }).contentHash).not.toBe(hash);
  });
});
