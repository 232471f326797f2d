import { MigrationInterface, QueryRunner } from 'typeorm';
import { ReconciliationLogs1764400000000 } from './1764400000000-reconciliation-logs';
import { DecisionLogStatementTime1764800000001 } from './1764800000001-decision-log-statement-time';

/** The columns of a decision as the log shows it, in the JSON sent on `ops.invoice-decisions.v1`. */
const DECISION_RECORD = `"eventId" text, "invoiceId" text, "creditedInvoiceId" text, "customerId" text, decision text,
  reason text, "eligibleAmountCents" bigint, "amountChangeCents" bigint, correction boolean, "causeEventId" text,
  "sourceEventId" text, "decidedAt" timestamptz`;

/** The columns of a purchase as the log shows it, in the JSON sent on `sgroup.bonus-purchases.v1`. */
const PURCHASE_RECORD = `"eventId" text, "eventType" text, "invoiceId" text, "memberNumber" text, "householdId" text,
  "amountCents" bigint, "purchasedAt" timestamptz, "sourceEventId" text`;

/**
 * The decision and purchase logs become one row per batch (`bonus.log_batches`): its decisions and purchases as the
 * JSON text already serialised for the outbox (lz4-compressed), the issuedAt each decision counts for, and the
 * invoice ids it is about (GIN, for the explanation). Two rows and three b-tree entries per invoice were a fifth of
 * the invoice path's cost (docs/benchmarks.md, seventh session); a report or an explanation now parses the JSON of
 * the batches it needs, which a month's or an invoice's bounds (min/max columns, GIN) narrow down.
 *
 * `bonus.decision_log` and `bonus.purchase_log` stay as views with the old columns (plus `log_batch_id`), and
 * `*_issued_between`, `*_purchased_between` and `*_about` read only the batches that can match.
 */
export class LogBatches1764900000000 implements MigrationInterface {
  name = 'LogBatches1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE bonus.log_batches (
      id bigserial PRIMARY KEY,
      recorded_at timestamptz NOT NULL DEFAULT statement_timestamp(),
      decisions text COMPRESSION lz4 NOT NULL,
      issued_at timestamptz[] NOT NULL,
      min_issued_at timestamptz,
      max_issued_at timestamptz,
      purchases text COMPRESSION lz4 NOT NULL,
      purchase_corrections int[] NOT NULL DEFAULT '{}',
      min_purchased_at timestamptz,
      max_purchased_at timestamptz,
      invoice_ids text[] NOT NULL)`);
    await q.query(`CREATE INDEX log_batches_issued ON bonus.log_batches (min_issued_at, max_issued_at)`);
    await q.query(`CREATE INDEX log_batches_purchased ON bonus.log_batches (min_purchased_at, max_purchased_at)`);
    // Entries go straight into the tree: with a pending list, the batch that fills it merges it (a latency spike).
    await q.query(
      `CREATE INDEX log_batches_invoices ON bonus.log_batches USING gin (invoice_ids) WITH (fastupdate = off)`,
    );
    await this.moveRowsIntoBatches(q);
    await q.query(`DROP TABLE bonus.decision_log`);
    await q.query(`DROP TABLE bonus.purchase_log`);
    await q.query(`CREATE FUNCTION bonus.logged_decisions(b bonus.log_batches)
      RETURNS TABLE (event_id text, invoice_id text, credited_invoice_id text, customer_id text, decision text,
        reason text, eligible_cents bigint, amount_change_cents bigint, correction boolean, cause_event_id text,
        source_event_id text, issued_at timestamptz, decided_at timestamptz, recorded_at timestamptz,
        log_batch_id bigint)
      LANGUAGE sql IMMUTABLE AS $$
        SELECT d."eventId", d."invoiceId", d."creditedInvoiceId", d."customerId", d.decision, d.reason,
          d."eligibleAmountCents", coalesce(d."amountChangeCents", 0), coalesce(d.correction, false),
          d."causeEventId", d."sourceEventId", d.issued_at, d."decidedAt", b.recorded_at, b.id
        -- Zipped with the issuedAt array (unnest reads it once; a subscript per row would detoast it per row).
        FROM ROWS FROM (json_to_recordset(b.decisions::json) AS (${DECISION_RECORD}), unnest(b.issued_at))
          AS d("eventId", "invoiceId", "creditedInvoiceId", "customerId", decision, reason, "eligibleAmountCents",
            "amountChangeCents", correction, "causeEventId", "sourceEventId", "decidedAt", issued_at) $$`);
    await q.query(`CREATE FUNCTION bonus.logged_purchases(b bonus.log_batches)
      RETURNS TABLE (event_id text, event_type text, invoice_id text, member_number text, household_id text,
        amount_cents bigint, purchased_at timestamptz, source_event_id text, correction boolean,
        recorded_at timestamptz, log_batch_id bigint)
      LANGUAGE sql IMMUTABLE AS $$
        SELECT p."eventId", p."eventType", p."invoiceId", p."memberNumber", p."householdId", p."amountCents",
          p."purchasedAt", p."sourceEventId", p.n = ANY(b.purchase_corrections), b.recorded_at, b.id
        FROM ROWS FROM (json_to_recordset(b.purchases::json) AS (${PURCHASE_RECORD})) WITH ORDINALITY
          AS p("eventId", "eventType", "invoiceId", "memberNumber", "householdId", "amountCents", "purchasedAt",
            "sourceEventId", n) $$`);
    await q.query(`CREATE VIEW bonus.decision_log AS
      SELECT d.* FROM bonus.log_batches b, bonus.logged_decisions(b) d`);
    await q.query(`CREATE VIEW bonus.purchase_log AS
      SELECT p.* FROM bonus.log_batches b, bonus.logged_purchases(b) p`);
    await q.query(`CREATE FUNCTION bonus.decisions_issued_between(from_at timestamptz, to_at timestamptz)
      RETURNS SETOF bonus.decision_log LANGUAGE sql STABLE AS $$
        SELECT d.* FROM bonus.log_batches b, bonus.logged_decisions(b) d
        WHERE b.min_issued_at < to_at AND b.max_issued_at >= from_at
          AND d.issued_at >= from_at AND d.issued_at < to_at $$`);
    await q.query(`CREATE FUNCTION bonus.purchases_between(from_at timestamptz, to_at timestamptz)
      RETURNS SETOF bonus.purchase_log LANGUAGE sql STABLE AS $$
        SELECT p.* FROM bonus.log_batches b, bonus.logged_purchases(b) p
        WHERE b.min_purchased_at < to_at AND b.max_purchased_at >= from_at
          AND p.purchased_at >= from_at AND p.purchased_at < to_at $$`);
    await q.query(`CREATE FUNCTION bonus.decisions_about(ids text[])
      RETURNS SETOF bonus.decision_log LANGUAGE sql STABLE AS $$
        SELECT d.* FROM bonus.log_batches b, bonus.logged_decisions(b) d
        WHERE b.invoice_ids && ids AND (d.invoice_id = ANY(ids) OR d.credited_invoice_id = ANY(ids)) $$`);
    await q.query(`CREATE FUNCTION bonus.purchases_about(ids text[])
      RETURNS SETOF bonus.purchase_log LANGUAGE sql STABLE AS $$
        SELECT p.* FROM bonus.log_batches b, bonus.logged_purchases(b) p
        WHERE b.invoice_ids && ids AND p.invoice_id = ANY(ids) $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The rows the batches hold, one per event, kept while the tables of migration 1764400000000 come back.
    await q.query(`CREATE TEMP TABLE decision_log_rows ON COMMIT DROP AS
      SELECT event_id, invoice_id, credited_invoice_id, customer_id, decision, reason, eligible_cents,
        amount_change_cents, correction, cause_event_id, source_event_id, issued_at, decided_at, recorded_at
      FROM bonus.decision_log`);
    await q.query(`CREATE TEMP TABLE purchase_log_rows ON COMMIT DROP AS
      SELECT event_id, event_type, invoice_id, member_number, household_id, amount_cents, purchased_at,
        source_event_id, correction, recorded_at
      FROM bonus.purchase_log`);
    for (const name of ['decisions_issued_between', 'purchases_between', 'decisions_about', 'purchases_about'])
      await q.query(`DROP FUNCTION bonus.${name}`);
    await q.query(`DROP VIEW bonus.decision_log`);
    await q.query(`DROP VIEW bonus.purchase_log`);
    await q.query(`DROP FUNCTION bonus.logged_decisions`);
    await q.query(`DROP FUNCTION bonus.logged_purchases`);
    await q.query(`DROP TABLE bonus.log_batches`);
    await new ReconciliationLogs1764400000000().up(q);
    await new DecisionLogStatementTime1764800000001().up(q);
    await q.query(`INSERT INTO bonus.decision_log SELECT * FROM decision_log_rows`);
    await q.query(`INSERT INTO bonus.purchase_log SELECT * FROM purchase_log_rows`);
  }

  /**
   * Rows written before this migration: one batch per recorded_at of each log (the decision log's is the time of the
   * statement that wrote the rows, the purchase log's that of its transaction).
   */
  private async moveRowsIntoBatches(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO bonus.log_batches (recorded_at, decisions, issued_at, min_issued_at, max_issued_at,
        purchases, purchase_corrections, min_purchased_at, max_purchased_at, invoice_ids)
      SELECT t.recorded_at, coalesce(d.decisions, '[]'), coalesce(d.issued_at, '{}'), d.min_issued_at,
        d.max_issued_at, coalesce(p.purchases, '[]'), coalesce(p.corrections, '{}'), p.min_purchased_at,
        p.max_purchased_at,
        ARRAY(SELECT DISTINCT unnest(coalesce(d.ids, '{}') || coalesce(p.ids, '{}')))
      FROM (SELECT recorded_at, true AS decisions FROM bonus.decision_log
        UNION SELECT recorded_at, false FROM bonus.purchase_log) t
      LEFT JOIN LATERAL (
        SELECT json_agg(json_strip_nulls(json_build_object('eventId', event_id, 'invoiceId', invoice_id,
            'creditedInvoiceId', credited_invoice_id, 'customerId', customer_id, 'decision', decision,
            'reason', reason, 'eligibleAmountCents', eligible_cents, 'amountChangeCents', amount_change_cents,
            'correction', correction, 'causeEventId', cause_event_id, 'sourceEventId', source_event_id,
            'decidedAt', decided_at)) ORDER BY ctid)::text AS decisions,
          array_agg(issued_at ORDER BY ctid) AS issued_at, min(issued_at) AS min_issued_at,
          max(issued_at) AS max_issued_at,
          array_agg(invoice_id) || array_agg(credited_invoice_id) FILTER (WHERE credited_invoice_id IS NOT NULL)
            AS ids
        FROM bonus.decision_log WHERE t.decisions AND recorded_at = t.recorded_at HAVING count(*) > 0) d ON true
      LEFT JOIN LATERAL (
        SELECT json_agg(json_build_object('eventId', event_id, 'eventType', event_type, 'invoiceId', invoice_id,
            'memberNumber', member_number, 'householdId', household_id, 'amountCents', amount_cents,
            'purchasedAt', purchased_at, 'sourceEventId', source_event_id) ORDER BY n)::text AS purchases,
          array_agg(n::int) FILTER (WHERE correction) AS corrections,
          min(purchased_at) AS min_purchased_at, max(purchased_at) AS max_purchased_at, array_agg(invoice_id) AS ids
        FROM (SELECT *, row_number() OVER (ORDER BY ctid) AS n FROM bonus.purchase_log
          WHERE NOT t.decisions AND recorded_at = t.recorded_at) r HAVING count(*) > 0) p ON true`);
  }
}
