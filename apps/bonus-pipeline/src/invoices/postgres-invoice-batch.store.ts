import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BonusPurchaseEvent, DeadLetterEvent, InvoiceDecisionEvent } from '@sa/contracts';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { Holding } from '../domain/bonus-facts';
import { tallyDecisions } from '../domain/document-decision';
import { InvoiceDocument, StoredInvoices } from '../domain/invoice-document';
import { OUTBOX_RELAY } from '../outbox/outbox-relay.token';
import {
  DECISION_COUNTS_SQL,
  inBonusTransaction,
  insertHoldingsSql,
  LOCK_NAMESPACE,
  PostgresBonusTransaction,
} from '../persistence/postgres-bonus.transaction';
import { RecoveryGate } from '../recovery/recovery-gate';
import { InvoiceBatchStore, InvoiceBatchTransaction } from './invoice-batch-store.port';
import { outboxInsertFromJson, OutboxRelayControl } from '@sa/outbox';
import { BonusMetrics } from '../metrics/bonus-metrics';

/**
 * Adapter: an invoice batch in the bonus schema. A batch of brand-new invoices takes 8 round trips:
 * BEGIN, claim, locks, insert, contract histories, consent histories, the final statement, COMMIT.
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
    const rows: { event_id: string }[] = await this.manager.query(
      `WITH input AS (SELECT id FROM json_array_elements_text($1::json) AS t(id)),
            claimed AS (INSERT INTO bonus.processed_inputs (event_id) SELECT id FROM input ORDER BY id
              ON CONFLICT DO NOTHING RETURNING event_id)
       SELECT id AS event_id FROM input WHERE id NOT IN (SELECT event_id FROM claimed)`,
      [JSON.stringify(unique)],
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

  /** Only the exceptions come back from the database (invoiceIds already stored, stubs replaced). */
  async storeFirstVersions(docs: InvoiceDocument[], recordedAt: Date): Promise<StoredInvoices> {
    if (docs.length === 0) return storedInvoices(new Set(), new Set());
    const rows: { invoice_id: string; stored: boolean }[] = await this.manager.query(
      `WITH input AS (
         SELECT * FROM json_to_recordset($1::json) AS d("invoiceId" text, kind text, "eventId" text, "contentHash" text,
           "creditedInvoiceId" text, "customerId" text, "contractId" text, "issuedAt" timestamptz,
           "monthlyFeeCents" bigint)),
       stored AS (
         INSERT INTO bonus.invoices AS i (invoice_id, kind, event_id, content_hash, credited_invoice_id, customer_id,
           contract_id, issued_at, monthly_fee_cents, recorded_at)
         SELECT "invoiceId", kind, "eventId", "contentHash", "creditedInvoiceId", "customerId", "contractId",
           "issuedAt", "monthlyFeeCents", $2::timestamptz FROM input ORDER BY 1
         ON CONFLICT (invoice_id) DO UPDATE SET kind = excluded.kind, event_id = excluded.event_id,
           content_hash = excluded.content_hash, credited_invoice_id = excluded.credited_invoice_id,
           customer_id = excluded.customer_id, contract_id = excluded.contract_id,
           issued_at = excluded.issued_at, monthly_fee_cents = excluded.monthly_fee_cents,
           recorded_at = excluded.recorded_at
         WHERE i.kind = 'awaiting'
         RETURNING invoice_id, (xmax <> 0) AS replaced_stub)
       SELECT "invoiceId" AS invoice_id, false AS stored FROM input
       WHERE "invoiceId" NOT IN (SELECT invoice_id FROM stored)
       UNION ALL
       SELECT invoice_id, true FROM stored WHERE replaced_stub`,
      [JSON.stringify(docs), recordedAt],
    );
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
   * If that invoice is being inserted by another transaction, the stub insert waits for it (same key). The no-op
   * update locks a row that exists (a stub, or the invoice): an invoice replacing a stub concurrently either commits
   * first (and this batch re-judges it) or waits and then reads this credit note. With DO NOTHING, a second credit
   * note racing the invoice over an existing stub was missed by both (seen in shuffled replays: −1000 of −2000).
   */
  async stubCreditedInvoices(invoiceIds: string[]): Promise<void> {
    if (invoiceIds.length === 0) return;
    await this.manager.query(
      `INSERT INTO bonus.invoices AS i (invoice_id, kind)
       SELECT id, 'awaiting' FROM unnest($1::text[]) AS t(id) ORDER BY id
       ON CONFLICT (invoice_id) DO UPDATE SET kind = i.kind`,
      [[...new Set(invoiceIds)].sort()],
    );
  }

  /**
   * One round trip (three data-modifying CTEs): the new ledger holdings, the outgoing events and the
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
    await this.manager.query(
      `WITH ledger AS (${insertHoldingsSql('$1')}),
            outbox AS (${outboxInsertFromJson(this.config.database.schema, '$2')})
       ${DECISION_COUNTS_SQL.replace('$json', '$3')}`,
      [JSON.stringify(writes.ledger), JSON.stringify(outbox), JSON.stringify(tallyDecisions(writes.decisions))],
    );
  }
}

function storedInvoices(alreadyStored: ReadonlySet<string>, replacedStubs: ReadonlySet<string>): StoredInvoices {
  return {
    storedNow: (invoiceId) => !alreadyStored.has(invoiceId),
    replacedStub: (invoiceId) => replacedStubs.has(invoiceId),
  };
}
