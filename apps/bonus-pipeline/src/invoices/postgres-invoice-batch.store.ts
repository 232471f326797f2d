import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BonusPurchaseEvent, DeadLetterEvent, InvoiceDecisionEvent } from '@sa/contracts';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { Holding } from '../domain/bonus-facts';
import { tallyDecisions } from '../domain/document-decision';
import { creditedOutsideBatch, InvoiceDocument, StoredInvoices } from '../domain/invoice-document';
import { OUTBOX_RELAY } from '../outbox/outbox-relay.token';
import { addDecisionCountsSql, insertHoldingsSql, LOCK_NAMESPACE } from '../persistence/bonus-sql';
import { inBonusTransaction } from '../persistence/in-bonus-transaction';
import { PostgresBonusTransaction } from '../persistence/postgres-bonus.transaction';
import { RecoveryGate } from '../recovery/recovery-gate';
import { InvoiceBatchStore, InvoiceBatchTransaction } from './invoice-batch-store.port';
import { OutboxRelayControl } from '@sa/outbox';
import { queryWith } from '@sa/persistence';
import { BonusMetrics } from '../metrics/bonus-metrics';

/**
 * Adapter: an invoice batch in the bonus schema. A batch of brand-new invoices takes 8 round trips:
 * BEGIN, claim, locks, insert (with stubs), contract histories, consent histories, the final statement, COMMIT.
 */
@Injectable()
export class PostgresInvoiceBatchStore implements InvoiceBatchStore {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelayControl,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: BonusPipelineConfig,
    private readonly metrics: BonusMetrics,
    private readonly gate: RecoveryGate,
  ) {}

  inTransaction<T>(work: (tx: InvoiceBatchTransaction) => Promise<T>): Promise<T> {
    return inBonusTransaction(
      this.dataSource,
      this.relay,
      this.metrics,
      (m, quiet) => new PostgresInvoiceBatchTransaction(m, this.config, quiet),
      work,
      this.gate,
    );
  }
}

class PostgresInvoiceBatchTransaction extends PostgresBonusTransaction implements InvoiceBatchTransaction {
  /**
   * A concurrent claim of the same id waits for the other transaction, so an input counts once.
   * Only the ids claimed earlier come back from the database (usually none), not one row per input.
   */
  async claim(eventIds: string[]): Promise<Set<string>> {
    const unique = [...new Set(eventIds)];
    if (unique.length === 0) return new Set();
    const rows: { event_id: string }[] = await queryWith(
      this.manager,
      (p) => `WITH input AS (SELECT id FROM unnest(${p.column(unique)}) AS t(id)),
            claimed AS (INSERT INTO bonus.processed_inputs (event_id) SELECT id FROM input ORDER BY id
              ON CONFLICT DO NOTHING RETURNING event_id)
       SELECT id AS event_id FROM input WHERE id NOT IN (SELECT event_id FROM claimed)`,
    );
    const claimedBefore = new Set(rows.map((r) => r.event_id));
    return new Set(unique.filter((id) => !claimedBefore.has(id)));
  }

  /** Payers and contracts in one round trip, still in the global lock order. */
  lockPayersAndContracts(docs: { customerId: string; contractId: string }[]): Promise<void> {
    const payers = docs.map((d) => d.customerId);
    const contracts = docs.map((d) => d.contractId);
    return this.lockStripes(
      [
        [LOCK_NAMESPACE.customers, payers],
        [LOCK_NAMESPACE.contracts, contracts],
      ],
      'SHARE',
    );
  }

  /**
   * Documents and stubs go in as one INSERT sorted by invoiceId: its ON CONFLICT DO UPDATE locks every
   * conflicting row, even where its WHERE leaves the row unchanged, so the batch's invoice rows are all
   * locked in one pass in one global order. (Stubs in a second statement deadlocked against a batch
   * storing those invoices while stubbing this batch's.) Only the exceptions come back from the database
   * (invoiceIds already stored, stubs replaced).
   */
  async storeFirstVersions(docs: InvoiceDocument[], recordedAt: Date): Promise<StoredInvoices> {
    if (docs.length === 0) return storedInvoices(new Set(), new Set());
    // A duplicate has the content, so the issuedAt, of the version stored before it.
    for (const d of docs) this.issuedAtOf.set(d.invoiceId, d.issuedAt);
    const rows: { invoice_id: string; stored: boolean }[] = await queryWith(this.manager, (p) => {
      const column = p.columnsOf(docs);
      return `WITH input AS (
         SELECT * FROM unnest(${column((d) => d.invoiceId)}, ${column((d) => d.kind)}, ${column((d) => d.eventId)},
           ${column((d) => d.contentHash)}, ${column((d) => d.creditedInvoiceId)}, ${column((d) => d.customerId)},
           ${column((d) => d.contractId)}, ${column((d) => d.issuedAt, 'timestamptz')},
           ${column((d) => d.monthlyFeeCents, 'bigint')})
           AS d("invoiceId", kind, "eventId", "contentHash", "creditedInvoiceId", "customerId", "contractId",
             "issuedAt", "monthlyFeeCents")),
       proposed AS (
         SELECT "invoiceId", kind, "eventId", "contentHash", "creditedInvoiceId", "customerId", "contractId",
           "issuedAt", "monthlyFeeCents", ${p.add(recordedAt)}::timestamptz AS "recordedAt" FROM input
         UNION ALL
         SELECT id, 'awaiting', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
         FROM unnest(${p.column(creditedOutsideBatch(docs))}) AS t(id)),
       stored AS (
         INSERT INTO bonus.invoices AS i (invoice_id, kind, event_id, content_hash, credited_invoice_id, customer_id,
           contract_id, issued_at, monthly_fee_cents, recorded_at)
         SELECT * FROM proposed ORDER BY 1
         ON CONFLICT (invoice_id) DO UPDATE SET kind = excluded.kind, event_id = excluded.event_id,
           content_hash = excluded.content_hash, credited_invoice_id = excluded.credited_invoice_id,
           customer_id = excluded.customer_id, contract_id = excluded.contract_id,
           issued_at = excluded.issued_at, monthly_fee_cents = excluded.monthly_fee_cents,
           recorded_at = excluded.recorded_at
         WHERE i.kind = 'awaiting' AND excluded.kind <> 'awaiting'
         RETURNING invoice_id, (xmax <> 0) AS replaced_stub)
       SELECT "invoiceId" AS invoice_id, false AS stored FROM input
       WHERE "invoiceId" NOT IN (SELECT invoice_id FROM stored)
       UNION ALL
       SELECT invoice_id, true FROM stored WHERE replaced_stub`;
    });
    const ids = (stored: boolean) => new Set(rows.filter((r) => r.stored === stored).map((r) => r.invoice_id));
    return storedInvoices(ids(false), ids(true));
  }

  async contentHashes(invoiceIds: string[]): Promise<Map<string, string>> {
    if (invoiceIds.length === 0) return new Map();
    const rows: { invoice_id: string; content_hash: string }[] = await this.manager.query(
      `SELECT invoice_id, content_hash FROM bonus.invoices WHERE invoice_id = ANY($1::text[]) AND kind <> 'awaiting'`,
      [invoiceIds],
    );
    return new Map(rows.map((r) => [r.invoice_id, r.content_hash]));
  }

  /**
   * One round trip (four data-modifying CTEs): the new ledger holdings, the outgoing events, their log and the
   * decision counts. Each round trip saved shortens every batch and with it the time an invoice
   * waits for the batch before it.
   */
  async finish(writes: {
    ledger: Holding[];
    purchases: BonusPurchaseEvent[];
    decisions: InvoiceDecisionEvent[];
    deadLetters: DeadLetterEvent[];
  }): Promise<void> {
    const outbox = this.outboxRows(writes);
    if (writes.ledger.length === 0 && outbox.length === 0 && writes.decisions.length === 0) return;
    await queryWith(
      this.manager,
      (p) => `WITH ledger AS (${insertHoldingsSql(p, writes.ledger)}), ${this.outgoingSql(p, writes, outbox)}
       ${addDecisionCountsSql(p, tallyDecisions(writes.decisions))}`,
    );
  }
}

function storedInvoices(alreadyStored: ReadonlySet<string>, replacedStubs: ReadonlySet<string>): StoredInvoices {
  return {
    storedNow: (invoiceId) => !alreadyStored.has(invoiceId),
    replacedStub: (invoiceId) => replacedStubs.has(invoiceId),
  };
}
