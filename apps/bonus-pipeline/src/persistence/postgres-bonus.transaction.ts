import { EntityManager } from 'typeorm';
import { BonusPurchaseEvent, DeadLetterEvent, InvoiceDecisionEvent, topicMessage } from '@sa/contracts';
import { BonusPipelineConfig } from '../bonus-pipeline.config';
import { ConsentRecord, ContractVersion, Holding, InvoiceFacts, LedgerEntry } from '../domain/bonus-facts';
import { tallyDecisions } from '../domain/document-decision';
import { RejudgeInputs } from '../domain/settle-invoice';
import { RejudgeTransaction } from '../invoices/invoice-batch-store.port';
import { RejectedInput } from '../dead-letters/rejected-input.factory';
import { OutboxMessage, outboxInsertSql, outboxMessageFor } from '@sa/outbox';
import { RedriveRecord } from '../dead-letters/dead-letter-archive.port';
import { insertRedrive } from './redrive-audit.sql';
import { OutgoingEvents } from '../metrics/outgoing-tally';
import { insertLogBatchSql, logBatch } from './log-batch.sql';
import { addDecisionCountsSql, groupBy, insertHoldingsSql, stripeOf, withoutNul } from './bonus-sql';
import { queryWith, SqlParameters } from '@sa/persistence';

/**
 * The bonus schema as every batch transaction uses it: subject locks, the reads of a re-judgement,
 * the ledger, dead letters and the outbox. The adapters extend it with their own statements.
 */
export class PostgresBonusTransaction implements RejudgeTransaction {
  /** The events put in the outbox, counted by `inBonusTransaction` once the transaction committed. */
  readonly written: OutgoingEvents[] = [];
  /** invoiceId → issuedAt (ISO) of what this transaction stored or re-judged: the decision log's month, no lookup. */
  protected readonly issuedAtOf = new Map<string, string>();

  constructor(
    protected readonly manager: EntityManager,
    protected readonly config: BonusPipelineConfig,
    /** A recovery is catching up: the ledger follows the rules, but no purchase goes to the outbox. */
    private readonly quiet = false,
  ) {}

  /** A re-drive's audit row, in this transaction: it commits with the re-drive's effects or not at all. */
  recordRedrive(id: string, record: RedriveRecord): Promise<void> {
    return insertRedrive(this.manager, id, record);
  }

  /**
   * Serialises a batch that reads a customer's or contract's facts with a batch that changes them:
   * invoice batches lock their payers' and contracts' stripes shared (they never block each other);
   * consent and contract batches lock theirs exclusively. Whoever comes second waits, then reads
   * what the first committed. Stripes are taken in one global order (namespace, stripe), so these
   * locks never deadlock among themselves. Transaction-scoped: released at commit or rollback.
   */
  protected async lockStripes(subjects: [namespace: number, ids: string[]][], mode: 'SHARE' | 'UPDATE'): Promise<void> {
    const keys: [number, number][] = [];
    for (const [namespace, ids] of subjects)
      for (const stripe of new Set(ids.map(stripeOf))) keys.push([namespace, stripe]);
    if (keys.length === 0) return;
    const fn = mode === 'SHARE' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
    await this.manager.query(
      `SELECT count(${fn}(ns, s))
       FROM (SELECT ns, s FROM unnest($1::int[], $2::int[]) AS t(ns, s) ORDER BY ns, s) ordered`,
      [keys.map((k) => k[0]), keys.map((k) => k[1])],
    );
  }

  async readForRejudging(invoiceIds: string[], brandNew: ReadonlyMap<string, InvoiceFacts>): Promise<RejudgeInputs> {
    const existing = await this.lockInvoices(invoiceIds.filter((id) => !brandNew.has(id)).sort());
    const existingIds = existing.map((f) => f.invoiceId);
    const asked = new Set(invoiceIds);
    const invoices = [...existing, ...[...brandNew.values()].filter((f) => asked.has(f.invoiceId))];
    const credited = await this.creditedCents(existingIds);
    const contracts = groupBy(
      await this.contractVersions('contract_id', [...new Set(invoices.map((f) => f.contractId))]),
      (v) => v.contractId,
    );
    const consents = groupBy(
      await this.consentRecords('customer_id', [...new Set(invoices.map((f) => f.customerId))]),
      (r) => r.customerId,
    );
    const sent = await this.sentFor(existingIds);
    for (const f of existing) this.issuedAtOf.set(f.invoiceId, new Date(f.issuedAtMs).toISOString());
    return { invoices, credited, contracts, consents, sent };
  }

  async removeHoldings(invoiceIds: string[]): Promise<void> {
    if (invoiceIds.length === 0) return;
    await this.manager.query(`DELETE FROM bonus.ledger WHERE invoice_id = ANY($1::text[])`, [invoiceIds]);
  }

  async insertHoldings(entries: Holding[]): Promise<void> {
    if (entries.length === 0) return;
    await queryWith(this.manager, (p) => insertHoldingsSql(p, entries));
  }

  /**
   * Registers rejected inputs by source position, with the key and value bytes exactly as received (the
   * published letter may carry a cut value); returns only those not sent before (a replay or a re-drive
   * sends none twice).
   */
  async registerDeadLetters(rejected: RejectedInput[]): Promise<DeadLetterEvent[]> {
    if (rejected.length === 0) return [];
    const letters = rejected.map((r) => r.letter);
    const rows: { source_topic: string; source_partition: number; source_offset: string }[] = await this.manager.query(
      `INSERT INTO bonus.dead_letters (source_topic, source_partition, source_offset, error_code, id, source_key,
         raw_value, error_message, fields, recorded_at, kept_whole)
       SELECT *, true FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::bytea[],
         $7::bytea[], $8::text[], $9::jsonb[], $10::timestamptz[])
       ON CONFLICT DO NOTHING
       RETURNING source_topic, source_partition, source_offset`,
      [
        letters.map((l) => l.sourceTopic),
        letters.map((l) => l.sourcePartition),
        letters.map((l) => l.sourceOffset),
        letters.map((l) => l.errorCode),
        letters.map((l) => l.eventId),
        rejected.map((r) => r.message.key),
        rejected.map((r) => r.message.value),
        letters.map((l) => withoutNul(l.errorMessage)),
        letters.map((l) => JSON.stringify(l.fields.map(withoutNul))),
        letters.map((l) => l.rejectedAt),
      ],
    );
    const fresh = new Set(rows.map((r) => `${r.source_topic}/${r.source_partition}/${r.source_offset}`));
    return letters.filter((l) => fresh.has(`${l.sourceTopic}/${l.sourcePartition}/${l.sourceOffset}`));
  }

  /**
   * Appends the outgoing events, logs the purchases and decisions and counts the decisions; they commit with the
   * change that caused them. Purchases come only with decisions (each correction is announced by one).
   */
  async appendToOutbox(events: {
    purchases?: BonusPurchaseEvent[];
    decisions?: InvoiceDecisionEvent[];
    deadLetters?: DeadLetterEvent[];
  }): Promise<void> {
    const outbox = this.outboxRows(events);
    if (outbox.length === 0) return;
    await queryWith(
      this.manager,
      (p) => `WITH ${this.outgoingSql(p, events, outbox)}
       ${addDecisionCountsSql(p, tallyDecisions(events.decisions ?? []))}`,
    );
  }

  /**
   * The CTEs that write `outbox` (`outboxRows(events)`) and, with decisions, their log row: the payloads are bound
   * once and read by both. The log goes in with the outbox rows, in one statement: it holds exactly what was (or will
   * be) published.
   */
  protected outgoingSql(
    p: SqlParameters,
    events: { purchases?: BonusPurchaseEvent[]; decisions?: InvoiceDecisionEvent[] },
    outbox: OutboxMessage[],
  ): string {
    const payloads = '(SELECT payloads FROM outgoing)';
    const decisions = events.decisions ?? [];
    const batch = logBatch(decisions, this.sent(events.purchases), this.issuedAtOf);
    // Purchases come only with decisions: no decision, nothing to log.
    const log = decisions.length > 0 ? `, log AS (${insertLogBatchSql(p, batch, payloads)})` : '';
    return `outgoing AS MATERIALIZED (SELECT ${p.column(outbox.map((m) => m.value))} AS payloads),
       outbox AS (${outboxInsertSql(this.config.database.schema, p, outbox, payloads)})${log}`;
  }

  /** What of `purchases` is sent: nothing from a quiet batch (a recovery catching up), so none is logged or counted. */
  protected sent(purchases: BonusPurchaseEvent[] | undefined): BonusPurchaseEvent[] {
    return this.quiet ? [] : (purchases ?? []);
  }

  /**
   * The JSON text stored in the outbox is what goes out, byte for byte, on every (re)publish; the log joins the same
   * text (purchases first, then decisions: `insertLogBatchSql` relies on the order). The events are remembered for the
   * metrics (a reference, no copy).
   */
  protected outboxRows(out: {
    purchases?: BonusPurchaseEvent[];
    decisions?: InvoiceDecisionEvent[];
    deadLetters?: DeadLetterEvent[];
  }): OutboxMessage[] {
    this.written.push({ ...out, purchases: this.sent(out.purchases) });
    const { topics } = this.config;
    return [
      ...this.sent(out.purchases).map((p) => topicMessage('bonusPurchases', p.memberNumber, p)),
      ...(out.decisions ?? []).map((d) => topicMessage('invoiceDecisions', d.invoiceId, d)),
      ...(out.deadLetters ?? []).map((l) => topicMessage('deadLetters', l.sourceKey, l)),
    ].map((message) => outboxMessageFor(topics, message));
  }

  protected async consentRecords(column: 'event_id' | 'customer_id', ids: string[]): Promise<ConsentRecord[]> {
    if (ids.length === 0) return [];
    const rows: {
      event_id: string;
      customer_id: string;
      effective_at_ms: string;
      event_type: ConsentRecord['eventType'];
      registration_id: string;
      member_number: string;
      household_id: string;
      recorded_at_ms: string | null;
    }[] = await queryWith(
      this.manager,
      (p) =>
        `SELECT event_id, customer_id, floor(extract(epoch FROM effective_at) * 1000)::bigint AS effective_at_ms,
         event_type, registration_id, member_number, household_id,
         floor(extract(epoch FROM recorded_at) * 1000)::bigint AS recorded_at_ms
       FROM bonus.consent_events WHERE ${column} = ANY(${p.column(ids)})`,
    );
    return rows.map((r) => ({
      eventId: r.event_id,
      customerId: r.customer_id,
      effectiveAtMs: Number(r.effective_at_ms), // epoch ms from SQL: cheaper than parsing timestamptz text per row
      eventType: r.event_type,
      registrationId: r.registration_id,
      memberNumber: r.member_number,
      householdId: r.household_id,
      recordedAtMs: r.recorded_at_ms === null ? null : Number(r.recorded_at_ms),
    }));
  }

  protected async contractVersions(column: 'event_id' | 'contract_id', ids: string[]): Promise<ContractVersion[]> {
    if (ids.length === 0) return [];
    const rows: {
      event_id: string;
      contract_id: string;
      changed_at_ms: string;
      signer_customer_id: string;
      status: ContractVersion['status'];
      recorded_at_ms: string | null;
    }[] = await queryWith(
      this.manager,
      (p) =>
        `SELECT event_id, contract_id, floor(extract(epoch FROM changed_at) * 1000)::bigint AS changed_at_ms,
         signer_customer_id, status, floor(extract(epoch FROM recorded_at) * 1000)::bigint AS recorded_at_ms
       FROM bonus.contract_versions WHERE ${column} = ANY(${p.column(ids)})`,
    );
    return rows.map((r) => ({
      eventId: r.event_id,
      contractId: r.contract_id,
      changedAtMs: Number(r.changed_at_ms),
      signerCustomerId: r.signer_customer_id,
      status: r.status,
      recordedAtMs: r.recorded_at_ms === null ? null : Number(r.recorded_at_ms),
    }));
  }

  /** Locks the invoices about to be re-judged, so two batches settling one invoice take turns. */
  private async lockInvoices(invoiceIds: string[]): Promise<InvoiceFacts[]> {
    if (invoiceIds.length === 0) return [];
    const rows: {
      invoice_id: string;
      customer_id: string;
      contract_id: string;
      issued_at: Date;
      monthly_fee_cents: string;
      recorded_at: Date | null;
    }[] = await this.manager.query(
      `SELECT invoice_id, customer_id, contract_id, issued_at, monthly_fee_cents, recorded_at FROM bonus.invoices
       WHERE invoice_id = ANY($1::text[]) AND kind = 'invoice' ORDER BY invoice_id FOR UPDATE`,
      [invoiceIds],
    );
    return rows.map((r) => ({
      invoiceId: r.invoice_id,
      customerId: r.customer_id,
      contractId: r.contract_id,
      issuedAtMs: r.issued_at.getTime(),
      monthlyFeeCents: Number(r.monthly_fee_cents),
      recordedAtMs: r.recorded_at === null ? null : r.recorded_at.getTime(),
    }));
  }

  /** Σ of the credit notes' MONTHLY_FEE per credited invoice (each note counts only what it takes back). */
  private async creditedCents(invoiceIds: string[]): Promise<Map<string, number>> {
    if (invoiceIds.length === 0) return new Map();
    const rows: { credited_invoice_id: string; cents: string }[] = await this.manager.query(
      `SELECT credited_invoice_id, sum(LEAST(monthly_fee_cents, 0)) AS cents FROM bonus.invoices
       WHERE credited_invoice_id = ANY($1::text[]) AND kind = 'credit_note' GROUP BY credited_invoice_id`,
      [invoiceIds],
    );
    return new Map(rows.map((r) => [r.credited_invoice_id, Number(r.cents)]));
  }

  private async sentFor(invoiceIds: string[]): Promise<Map<string, LedgerEntry[]>> {
    if (invoiceIds.length === 0) return new Map();
    const rows: {
      invoice_id: string;
      member_number: string;
      household_id: string;
      net_amount_cents: string;
      events_sent: number;
    }[] = await this.manager.query(
      `SELECT invoice_id, member_number, household_id, net_amount_cents, events_sent FROM bonus.ledger
         WHERE invoice_id = ANY($1::text[])`,
      [invoiceIds],
    );
    const held = groupBy(rows, (r) => r.invoice_id);
    return new Map(
      [...held].map(([invoiceId, entries]) => [
        invoiceId,
        entries.map((r) => ({
          memberNumber: r.member_number,
          householdId: r.household_id,
          netCents: Number(r.net_amount_cents),
          eventsSent: r.events_sent,
        })),
      ]),
    );
  }
}
