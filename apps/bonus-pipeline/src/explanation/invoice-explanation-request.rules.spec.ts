import { checkInvoiceIdParam } from './invoice-explanation-request.rules';

describe('checkInvoiceIdParam', () => {
  it('accepts an id the invoice event accepts', () => {
    expect(checkInvoiceIdParam('INV-2026-000123')).toEqual({ ok: true, value: 'INV-2026-000123' });
    expect(checkInvoiceIdParam('x'.repeat(128)).ok).toBe(true);
  });

  it.each([
    ['too long', 'x'.repeat(129)],
    ['a surrounding space', ' INV-1'],
    ['non-ASCII', 'INV-ä'],
    ['a control character', 'INV\n1'],
  ])('refuses %s, naming invoiceId and the rule', (_, id) => {
    expect(checkInvoiceIdParam(id)).toEqual({
      ok: false,
      faults: [{ field: 'invoiceId', rule: 'identifier', message: expect.stringContaining('invoiceId') }],
    });
  });
});
