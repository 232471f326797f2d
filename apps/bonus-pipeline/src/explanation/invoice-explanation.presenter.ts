import { notFound } from '../ops-http/ops-http.responses';
import { ExplainInvoiceOutcome } from './explain-invoice.use-case';
import { InvoiceExplanation } from './invoice-explanation';

/** The explanation, or the ops endpoints' 404 naming the id that was never received. */
export function presentExplanation(outcome: ExplainInvoiceOutcome, invoiceId: string): InvoiceExplanation {
  if (outcome.kind === 'unknown') {
    throw notFound('INVOICE_UNKNOWN', `no invoice or credit note ${invoiceId} was received`);
  }
  return outcome.explanation;
}
