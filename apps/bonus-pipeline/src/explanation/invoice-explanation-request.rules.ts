import { IDENTIFIER_MAX_LENGTH, isIdentifier } from '@sa/contracts';
import { Checked } from '../ops-http/ops-request.rules';

/** `:invoiceId` follows the invoice event's invoiceId rule: an id that could never be received is a 400, not a 404. */
export function checkInvoiceIdParam(invoiceId: string): Checked<string> {
  if (isIdentifier(invoiceId)) return { ok: true, value: invoiceId };
  const message = `invoiceId must be 1 to ${IDENTIFIER_MAX_LENGTH} printable ASCII characters, no surrounding spaces`;
  return { ok: false, faults: [{ field: 'invoiceId', rule: 'identifier', message }] };
}
