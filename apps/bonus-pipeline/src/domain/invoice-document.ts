import { InvoiceEvent } from '@sa/contracts';
import { InvoiceFacts } from './bonus-facts';
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

/** What storing a batch's first versions did (the store answers; only these invoiceIds are asked about). */
export interface StoredInvoices {
  /** Stored by this transaction (over nothing, or over an 'awaiting' stub). */
  storedNow(invoiceId: string): boolean;
  /** Stored over an 'awaiting' stub: credit notes that came first point at it. */
  replacedStub(invoiceId: string): boolean;
}

/** The first input of the batch per invoiceId (in batch order): the only one that may be stored. */
export function firstVersions<T extends { doc: InvoiceDocument }>(fresh: readonly T[]): Map<string, T> {
  const first = new Map<string, T>();
  for (const f of fresh) if (!first.has(f.doc.invoiceId)) first.set(f.doc.invoiceId, f);
  return first;
}

export interface ClassifiedInputs<T> {
  /** First versions stored now: they are judged. */
  accepted: T[];
  /** Same invoiceId, same content as the version that stands: a DUPLICATE decision. */
  duplicates: T[];
  /** Same invoiceId, other content: an INVOICE_CONFLICT dead letter; the first version stands. */
  conflicts: T[];
}

/**
 * Sorts the fresh inputs (eventIds not seen before) of one batch. The version that stands is the
 * one stored now (the batch's first) or, when the invoiceId was stored before, the stored one
 * (`storedHashes`: its content hash).
 */
export function classifyInvoiceInputs<T extends { doc: InvoiceDocument }>(
  fresh: readonly T[],
  first: ReadonlyMap<string, T>,
  stored: StoredInvoices,
  storedHashes: ReadonlyMap<string, string>,
): ClassifiedInputs<T> {
  const classified: ClassifiedInputs<T> = { accepted: [], duplicates: [], conflicts: [] };
  for (const f of fresh) {
    const { invoiceId, contentHash } = f.doc;
    const storedNow = stored.storedNow(invoiceId);
    if (storedNow && first.get(invoiceId) === f) classified.accepted.push(f);
    else if ((storedNow ? first.get(invoiceId)!.doc.contentHash : storedHashes.get(invoiceId)) === contentHash) {
      classified.duplicates.push(f);
    } else classified.conflicts.push(f);
  }
  return classified;
}

/**
 * The invoices the batch's credit notes credit that are not among the batch's own documents: each
 * gets an 'awaiting' stub when no row holds it yet. Stored in the same statement as the documents,
 * so that every invoice row a batch writes is locked in one pass in invoiceId order (see
 * docs/reliability.md, "Lock order"). Sorted and without repeats.
 */
export function creditedOutsideBatch(docs: readonly InvoiceDocument[]): string[] {
  const own = new Set(docs.map((d) => d.invoiceId));
  const credited = docs.filter((d) => d.kind === 'credit_note').map((d) => d.creditedInvoiceId!);
  return [...new Set(credited.filter((id) => !own.has(id)))].sort();
}

/** The invoice a document is about: itself, or for a credit note the invoice it credits. */
export function targetInvoiceId(doc: InvoiceDocument): string {
  return doc.kind === 'invoice' ? doc.invoiceId : doc.creditedInvoiceId!;
}

export interface InvoiceTargets {
  /** Invoices credited by this batch's notes: a stub is stored for any not stored yet. */
  creditedInvoiceIds: string[];
  /** invoiceId → the eventId of the batch's last accepted input about it (the source of its re-judgement). */
  sources: Map<string, string>;
  /**
   * Invoices stored now with nothing pointing at them (no earlier credit note, none in this batch):
   * judged from memory, with no lock, credit or ledger to read.
   */
  brandNew: Map<string, InvoiceFacts>;
}

/**
 * Which invoices the accepted documents of one batch re-judge, and which of them are brand new (recorded at
 * `recordedAt`, the batch's time).
 */
export function invoiceTargets(
  accepted: readonly InvoiceDocument[],
  stored: StoredInvoices,
  recordedAt: Date,
): InvoiceTargets {
  const creditNotes = accepted.filter((doc) => doc.kind === 'credit_note');
  const creditedInvoiceIds = creditNotes.map((doc) => doc.creditedInvoiceId!);
  const creditedNow = new Set(creditedInvoiceIds);
  // Each invoice is re-judged once; the last input of the batch that touches it is its source.
  const sources = new Map<string, string>();
  for (const doc of accepted) sources.set(targetInvoiceId(doc), doc.eventId);
  const brandNew = new Map<string, InvoiceFacts>();
  for (const doc of accepted) {
    if (doc.kind !== 'invoice' || stored.replacedStub(doc.invoiceId) || creditedNow.has(doc.invoiceId)) continue;
    const { invoiceId, customerId, contractId, monthlyFeeCents } = doc;
    brandNew.set(invoiceId, {
      invoiceId,
      customerId,
      contractId,
      issuedAtMs: Date.parse(doc.issuedAt),
      monthlyFeeCents,
      recordedAtMs: recordedAt.getTime(),
    });
  }
  return { creditedInvoiceIds, sources, brandNew };
}
