import fc from 'fast-check';
import { decodeMessage, InvoiceEvent } from '@sa/contracts';
import { acceptInvoiceFast } from './invoice-fast-check';

const valid = {
  eventId: 'e-1',
  eventType: 'InvoiceIssued',
  invoiceId: 'INV-1',
  creditedInvoiceId: null,
  customerId: 'C-1',
  contractId: 'K-1',
  issuedAt: '2026-11-23T08:15:00Z',
  currency: 'EUR',
  lines: [
    { lineId: '1', category: 'MONTHLY_FEE', description: 'fee', grossAmountCents: 4990, vatRatePercent: 25.5 },
    { lineId: '2', category: 'EQUIPMENT', grossAmountCents: 8900, vatRatePercent: 25.5 },
  ],
};
const classValidatorAccepts = (plain: unknown) => decodeMessage(InvoiceEvent, JSON.stringify(plain)).ok;

// Values that sit on or near every rule's edge.
const oddValue = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    '',
    ' x',
    'x ',
    'EUR',
    'SEK',
    'GIFT',
    'MONTHLY_FEE',
    'CreditNoteIssued',
    'InvoiceIssued',
    '2026-02-30T08:00:00Z',
    '2026-11-23T08:15:00',
    '1999-12-31T23:59:59Z',
    'a'.repeat(129),
    'a'.repeat(128),
  ),
  fc.integer({ min: -200_000_000, max: 200_000_000 }),
  fc.constantFrom(0, -1, 1, 100, 100.5, -0.5, 49.9, Number.NaN, 1e12, -100_000_001, 100_000_000),
  fc.string(),
  fc.constant([]),
  fc.constant({}),
);

describe('acceptInvoiceFast', () => {
  it('accepts the contract example like class-validator does', () => {
    expect(acceptInvoiceFast(valid)).toBeDefined();
    expect(classValidatorAccepts(valid)).toBe(true);
  });

  it('leaves an unknown field nested deeper than decodeMessage allows to decodeMessage, which refuses it', () => {
    const deep = JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`) as unknown;
    for (const doc of [
      { ...valid, extra: deep },
      { ...valid, lines: [{ ...valid.lines[0], extra: deep }] },
    ]) {
      expect(acceptInvoiceFast(doc)).toBeUndefined();
      expect(classValidatorAccepts(doc)).toBe(false);
    }
  });

  it('never accepts an invoice that class-validator refuses (random single and double field mutations)', () => {
    const topFields = Object.keys(valid);
    const lineFields = Object.keys(valid.lines[0]).concat('extra');
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(fc.constantFrom(...topFields), fc.constantFrom(...lineFields.map((f) => `lines.${f}`))),
            oddValue,
          ),
          { minLength: 1, maxLength: 3 },
        ),
        fc.boolean(),
        (mutations, creditNote) => {
          const doc = JSON.parse(JSON.stringify(valid)) as Record<string, unknown> & {
            lines: Record<string, unknown>[];
          };
          if (creditNote)
            Object.assign(doc, {
              eventType: 'CreditNoteIssued',
              creditedInvoiceId: 'INV-0',
              lines: [{ ...valid.lines[0], grossAmountCents: -4990 }],
            });
          for (const [field, value] of mutations) {
            if (field.startsWith('lines.')) {
              if (Array.isArray(doc.lines) && typeof doc.lines[0] === 'object' && doc.lines[0] !== null)
                doc.lines[0][field.slice(6)] = value;
            } else doc[field] = value;
          }
          const plain = JSON.parse(JSON.stringify(doc)) as unknown;
          if (acceptInvoiceFast(plain)) expect(classValidatorAccepts(plain)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
