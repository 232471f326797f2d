import { decodeMessage } from '../common/decode-message';
import { InvoiceEvent } from './invoice-event';

const valid = {
  eventId: 'e-5f1c',
  eventType: 'InvoiceIssued',
  invoiceId: 'INV-2026-000123',
  creditedInvoiceId: null,
  customerId: 'C-1001',
  contractId: 'K-5001',
  issuedAt: '2026-11-23T08:15:00Z',
  currency: 'EUR',
  lines: [
    {
      lineId: '1',
      category: 'MONTHLY_FEE',
      description: 'Alarm monthly fee 11/2026',
      grossAmountCents: 4990,
      vatRatePercent: 25.5,
    },
    {
      lineId: '2',
      category: 'EQUIPMENT',
      description: 'Extra smoke detector',
      grossAmountCents: 8900,
      vatRatePercent: 25.5,
    },
  ],
};

const decode = (value: unknown) =>
  decodeMessage(InvoiceEvent, Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));
const faultsOf = (value: unknown) => {
  const result = decode(value);
  return result.ok ? [] : result.faults.map((f) => f.field);
};

describe('InvoiceEvent', () => {
  it('accepts the contract example and ignores unknown extra fields', () => {
    const result = decode({ ...valid, futureField: { x: 1 } });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.lines[0].grossAmountCents).toBe(4990);
      expect((result.value as unknown as Record<string, unknown>).futureField).toBeUndefined();
    }
  });

  it('accepts a credit note naming its invoice', () => {
    const note = {
      ...valid,
      eventType: 'CreditNoteIssued',
      creditedInvoiceId: 'INV-1',
      lines: [{ ...valid.lines[0], grossAmountCents: -4990 }],
    };
    expect(decode(note).ok).toBe(true);
  });

  it('reports malformed JSON and non-objects', () => {
    expect(decode('{"eventId":')).toMatchObject({ ok: false, code: 'MALFORMED_JSON' });
    expect(decode('[1,2]')).toMatchObject({ ok: false, code: 'NOT_AN_OBJECT' });
    expect(decodeMessage(InvoiceEvent, null)).toMatchObject({ ok: false, code: 'EMPTY_MESSAGE' });
  });

  it('names the nested field at fault', () => {
    const bad = { ...valid, lines: [valid.lines[0], { ...valid.lines[1], category: 'GIFT' }] };
    const result = decode(bad);
    expect(result).toMatchObject({ ok: false, code: 'SCHEMA_VIOLATION' });
    expect(faultsOf(bad)).toEqual(['lines[1].category']);
    if (!result.ok) expect(result.message).toContain('lines[1].category must be one of MONTHLY_FEE');
  });

  it.each([
    ['currency', { ...valid, currency: 'SEK' }],
    ['issuedAt', { ...valid, issuedAt: '2026-11-23T08:15:00' }],
    ['issuedAt', { ...valid, issuedAt: '2026-02-30T08:15:00Z' }],
    ['issuedAt', { ...valid, issuedAt: '1970-01-01T00:00:00Z' }],
    ['lines[0].grossAmountCents', { ...valid, lines: [{ ...valid.lines[0], grossAmountCents: 49.9 }] }],
    ['lines[0].grossAmountCents', { ...valid, lines: [{ ...valid.lines[0], grossAmountCents: 1e12 }] }],
    ['lines[0].grossAmountCents', { ...valid, lines: [{ ...valid.lines[0], grossAmountCents: '4990' }] }],
    ['lines', { ...valid, lines: [] }],
    ['lines', { ...valid, lines: [{ ...valid.lines[0], grossAmountCents: -100 }] }],
    ['creditedInvoiceId', { ...valid, creditedInvoiceId: 'INV-9' }],
    [
      'creditedInvoiceId',
      { ...valid, eventType: 'CreditNoteIssued', lines: [{ ...valid.lines[0], grossAmountCents: -1 }] },
    ],
    ['lines', { ...valid, eventType: 'CreditNoteIssued', creditedInvoiceId: 'INV-1' }],
    ['customerId', { ...valid, customerId: '' }],
    ['customerId', { ...valid, customerId: ' C-1 ' }],
    ['eventType', { ...valid, eventType: 'Invoice' }],
  ])('refuses a bad %s', (field, value) => {
    expect(faultsOf(value)).toContain(field);
  });
});

describe('InvoiceEvent against hostile input', () => {
  const line = valid.lines[0];
  const nested = (depth: number) => `${'['.repeat(depth)}${JSON.stringify(line)}${']'.repeat(depth)}`;
  const raw = (lines: string) => JSON.stringify({ ...valid, lines: '__LINES__' }).replace('"__LINES__"', lines);

  it('refuses lines nested 10,000 deep by depth, without overflowing the stack', () => {
    const result = decodeMessage(InvoiceEvent, Buffer.from(raw(nested(10_000))));
    expect(result).toMatchObject({ ok: false, code: 'NESTING_TOO_DEEP' });
    if (!result.ok) expect(result.faults[0].field).toMatch(/^lines(\[0\])+/);
  });

  it('refuses an unknown field nested 10,000 deep too', () => {
    const value = JSON.stringify(valid).replace(/}$/, `,"future":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`);
    expect(decodeMessage(InvoiceEvent, Buffer.from(value))).toMatchObject({ ok: false, code: 'NESTING_TOO_DEEP' });
  });

  it('refuses an array of arrays of lines, naming the field and the rule', () => {
    for (const lines of [`[${nested(1)}]`, '[[]]']) {
      const result = decode(raw(lines));
      expect(result).toMatchObject({ ok: false, code: 'SCHEMA_VIOLATION' });
      if (!result.ok)
        expect(result.faults).toContainEqual(expect.objectContaining({ field: 'lines', rule: 'isObject' }));
    }
  });

  it('refuses cents given as strings, fractions, unsafe integers or infinity', () => {
    for (const cents of ['"4990"', '49.5', '9007199254740993', '1e400']) {
      expect(faultsOf(raw(`[${JSON.stringify(line).replace('4990', cents)}]`))).toContain('lines[0].grossAmountCents');
    }
  });

  it('refuses bytes that are not UTF-8', () => {
    const bytes = Buffer.concat([
      Buffer.from(JSON.stringify(valid).slice(0, -1)),
      Buffer.from(',"x":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    expect(decodeMessage(InvoiceEvent, bytes)).toMatchObject({ ok: false, code: 'INVALID_UTF8' });
  });
});
