import { EntityManager } from 'typeorm';
import { InvoiceDocument } from '../../domain/invoice-document';
import { InvoiceFacts } from '../../domain/bonus-facts';

/** Which of the invoiceIds given to `insertNew` it stored now, and which of those replaced a stub (credit notes may already point at them). */
export class StoredInvoices {
  constructor(
    private readonly alreadyStored: ReadonlySet<string>,
    private readonly replacedStubs: ReadonlySet<string>,
  ) {}

  /** Only meaningful for the invoiceIds passed to `insertNew`. */
  storedNow(invoiceId: string): boolean {
    return !this.alreadyStored.has(invoiceId);
  }

  replacedStub(invoiceId: string): boolean {
    return this.replacedStubs.has(invoiceId);
  }
}

export class InvoicesRepository {
  /**
   * Stores first versions (also over an 'awaiting' stub). Only the exceptions come back from the
   * database (invoiceIds already stored, stubs replaced), not one row per invoice.
   */
  static async insertNew(manager: EntityManager, docs: InvoiceDocument[]): Promise<StoredInvoices> {
    if (docs.length === 0) return new StoredInvoices(new Set(), new Set());
    const rows: { invoice_id: string; stored: boolean }[] = await manager.query(
      `WITH input AS (
         SELECT * FROM json_to_recordset($1::json) AS d("invoiceId" text, kind text, "eventId" text, "contentHash" text, "creditedInvoiceId" text,
           "customerId" text, "contractId" text, "issuedAt" timestamptz, "monthlyFeeCents" bigint)),
       stored AS (
         INSERT INTO bonus.invoices AS i (invoice_id, kind, event_id, content_hash, credited_invoice_id, customer_id, contract_id, issued_at, monthly_fee_cents)
         SELECT "invoiceId", kind, "eventId", "contentHash", "creditedInvoiceId", "customerId", "contractId", "issuedAt", "monthlyFeeCents" FROM input ORDER BY 1
         ON CONFLICT (invoice_id) DO UPDATE SET kind = excluded.kind, event_id = excluded.event_id, content_hash = excluded.content_hash,
           credited_invoice_id = excluded.credited_invoice_id, customer_id = excluded.customer_id, contract_id = excluded.contract_id,
           issued_at = excluded.issued_at, monthly_fee_cents = excluded.monthly_fee_cents
         WHERE i.kind = 'awaiting'
         RETURNING invoice_id, (xmax <> 0) AS replaced_stub)
       SELECT "invoiceId" AS invoice_id, false AS stored FROM input WHERE "invoiceId" NOT IN (SELECT invoice_id FROM stored)
       UNION ALL
       SELECT invoice_id, true FROM stored WHERE replaced_stub`,
      [JSON.stringify(docs)],
    );
    return new StoredInvoices(new Set(rows.filter((r) => !r.stored).map((r) => r.invoice_id)), new Set(rows.filter((r) => r.stored).map((r) => r.invoice_id)));
  }

  static async contentHashes(manager: EntityManager, invoiceIds: string[]): Promise<Map<string, string>> {
    if (invoiceIds.length === 0) return new Map();
    const rows: { invoice_id: string; content_hash: string }[] = await manager.query(
      `SELECT invoice_id, content_hash FROM bonus.invoices WHERE invoice_id = ANY($1::text[]) AND kind <> 'awaiting'`,
      [invoiceIds],
    );
    return new Map(rows.map((r) => [r.invoice_id, r.content_hash]));
  }

  /**
   * A credit note's invoice may be in flight in another transaction: inserting a stub for it
   * waits on that insert (same key), so neither side misses the other.
   */
  static async stubCreditedInvoices(manager: EntityManager, invoiceIds: string[]): Promise<void> {
    if (invoiceIds.length === 0) return;
    await manager.query(
      `INSERT INTO bonus.invoices (invoice_id, kind) SELECT id, 'awaiting' FROM unnest($1::text[]) AS t(id) ORDER BY id ON CONFLICT DO NOTHING`,
      [[...new Set(invoiceIds)].sort()],
    );
  }

  /** Locks the invoices about to be re-judged, so two batches settling one invoice take turns. */
  static async lockInvoices(manager: EntityManager, invoiceIds: string[]): Promise<InvoiceFacts[]> {
    if (invoiceIds.length === 0) return [];
    const rows: { invoice_id: string; customer_id: string; contract_id: string; issued_at: Date; monthly_fee_cents: string }[] = await manager.query(
      `SELECT invoice_id, customer_id, contract_id, issued_at, monthly_fee_cents FROM bonus.invoices
       WHERE invoice_id = ANY($1::text[]) AND kind = 'invoice' ORDER BY invoice_id FOR UPDATE`,
      [invoiceIds],
    );
    return rows.map((r) => ({ invoiceId: r.invoice_id, customerId: r.customer_id, contractId: r.contract_id, issuedAtMs: r.issued_at.getTime(), monthlyFeeCents: Number(r.monthly_fee_cents) }));
  }

  /** Σ of the credit notes' MONTHLY_FEE per credited invoice (each note counts only what it takes back). */
  static async creditedCents(manager: EntityManager, invoiceIds: string[]): Promise<Map<string, number>> {
    if (invoiceIds.length === 0) return new Map();
    const rows: { credited_invoice_id: string; cents: string }[] = await manager.query(
      `SELECT credited_invoice_id, sum(LEAST(monthly_fee_cents, 0)) AS cents FROM bonus.invoices
       WHERE credited_invoice_id = ANY($1::text[]) AND kind = 'credit_note' GROUP BY credited_invoice_id`,
      [invoiceIds],
    );
    return new Map(rows.map((r) => [r.credited_invoice_id, Number(r.cents)]));
  }

  /** Invoices a contract change may alter: same contract, issued at or after the change, inside the window. */
  static async affectedByContractChanges(manager: EntityManager, changes: { contractId: string; changedAt: string; eventId: string }[], notBefore: Date): Promise<Map<string, string>> {
    return InvoicesRepository.affected(manager, 'contract_id', changes.map((c) => [c.contractId, c.changedAt, c.eventId]), notBefore);
  }

  /** Invoices a consent event may alter: paid by that customer, issued at or after it, inside the window. */
  static async affectedByConsents(manager: EntityManager, consents: { customerId: string; effectiveAt: string; eventId: string }[], notBefore: Date): Promise<Map<string, string>> {
    return InvoicesRepository.affected(manager, 'customer_id', consents.map((c) => [c.customerId, c.effectiveAt, c.eventId]), notBefore);
  }

  /** invoiceId → the eventId of the last input (in batch order) that alters it. */
  private static async affected(manager: EntityManager, column: 'contract_id' | 'customer_id', changes: [string, string, string][], notBefore: Date): Promise<Map<string, string>> {
    if (changes.length === 0) return new Map();
    const rows: { invoice_id: string; event_id: string }[] = await manager.query(
      `SELECT DISTINCT ON (i.invoice_id) i.invoice_id, c.event_id
       FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::int[]) AS c(subject, since, event_id, ord)
       JOIN bonus.invoices i ON i.kind = 'invoice' AND i.${column} = c.subject AND i.issued_at >= c.since
       WHERE i.issued_at >= $5
       ORDER BY i.invoice_id, c.ord DESC`,
      [changes.map((c) => c[0]), changes.map((c) => c[1]), changes.map((c) => c[2]), changes.map((_, i) => i), notBefore],
    );
    return new Map(rows.map((r) => [r.invoice_id, r.event_id]));
  }
}
