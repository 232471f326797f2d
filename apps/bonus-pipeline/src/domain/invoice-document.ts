import { InvoiceEvent } from '@sa/contracts';
import { digest } from './event-ids';

/** An input invoice or credit note as stored: normalised instants, its R1 amount and a content fingerprint. */
export interface InvoiceDocument {
  eventId: string;
  invoiceId: string;
  kind: 'invoice' | 'credit_note';
  creditedInvoiceId: string | null;
  customerId: string;
  contractId: string;
  issuedAt: string;
  monthlyFeeCents: number;
  /** Same content ⇒ same hash, whatever the eventId: tells a duplicate from a conflict. */
  contentHash: string;
}

export function toInvoiceDocument(event: InvoiceEvent): InvoiceDocument {
  const issuedAt = new Date(Date.parse(event.issuedAt)).toISOString();
  let monthlyFeeCents = 0;
  for (const line of event.lines) if (line.category === 'MONTHLY_FEE') monthlyFeeCents += line.grossAmountCents;
  const content = JSON.stringify([
    event.eventType,
    event.invoiceId,
    event.creditedInvoiceId ?? null,
    event.customerId,
    event.contractId,
    issuedAt,
    event.currency,
    event.lines.map((l) => [l.lineId, l.category, l.description ?? null, l.grossAmountCents, l.vatRatePercent]),
  ]);
  return {
    eventId: event.eventId,
    invoiceId: event.invoiceId,
    kind: event.eventType === 'CreditNoteIssued' ? 'credit_note' : 'invoice',
    creditedInvoiceId: event.eventType === 'CreditNoteIssued' ? event.creditedInvoiceId : null,
    customerId: event.customerId,
    contractId: event.contractId,
    issuedAt,
    monthlyFeeCents,
    contentHash: digest(content),
  };
}
