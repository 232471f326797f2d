import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Append-only logs of every bonus purchase and decision sent, for monthly reconciliation and the explanation of
 * an invoice: the ledger keeps only the net per (invoice, member), and outbox rows are deleted once published.
 *
 * They are written on the invoice path at ~10,000 invoices/s, so they carry as few b-trees as will do: no primary
 * key (each row is written once, by the transaction that claimed its input; a rebuild from the topics starts
 * empty), a b-tree on invoice_id for the explanation, and BRIN on the month column (invoices arrive close to their
 * issuedAt, so the log's physical order follows it; BRIN stays correct, only less selective, when they do not).
 */
export class ReconciliationLogs1764400000000 implements MigrationInterface {
  name = 'ReconciliationLogs1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE bonus.purchase_log (
      event_id text NOT NULL,
      event_type text NOT NULL CHECK (event_type IN ('BonusPurchaseRecorded', 'BonusPurchaseReversed')),
      invoice_id text NOT NULL,
      member_number text NOT NULL,
      household_id text NOT NULL,
      amount_cents bigint NOT NULL,
      purchased_at timestamptz NOT NULL,
      source_event_id text NOT NULL,
      correction boolean NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX purchase_log_purchased_at ON bonus.purchase_log USING brin (purchased_at)`);
    await q.query(`CREATE INDEX purchase_log_invoice ON bonus.purchase_log (invoice_id)`);
    // issued_at: of the invoice the decision counts for (a credit note's: the credited invoice's, once known).
    await q.query(`CREATE TABLE bonus.decision_log (
      event_id text NOT NULL,
      invoice_id text NOT NULL,
      credited_invoice_id text,
      customer_id text NOT NULL,
      decision text NOT NULL,
      reason text,
      eligible_cents bigint NOT NULL,
      amount_change_cents bigint NOT NULL,
      correction boolean NOT NULL,
      cause_event_id text,
      source_event_id text NOT NULL,
      issued_at timestamptz NOT NULL,
      decided_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX decision_log_issued_at ON bonus.decision_log USING brin (issued_at)`);
    await q.query(`CREATE INDEX decision_log_invoice ON bonus.decision_log (invoice_id)`);
    await q.query(
      `CREATE INDEX decision_log_credited ON bonus.decision_log (credited_invoice_id)
       WHERE credited_invoice_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bonus.decision_log`);
    await q.query(`DROP TABLE bonus.purchase_log`);
  }
}
