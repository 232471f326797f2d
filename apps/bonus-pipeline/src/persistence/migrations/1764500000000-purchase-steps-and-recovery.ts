import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Purchase ids name a step of an (invoice, member) pair's history (domain/event-ids.ts), so the ledger keeps how
 * many events each pair was sent, also once its net is back to 0. Rows from before keep 0: their next event is
 * numbered from there (its id still differs from every earlier one, which were derived from the input).
 *
 * Recovery (docs/reliability.md): `recovery` holds the one state row of a rebuild (catching up quietly, or live);
 * `topic_holdings` is what `sgroup.bonus-purchases.v1` carried per (invoice, member) when it was read back.
 */
export class PurchaseStepsAndRecovery1764500000000 implements MigrationInterface {
  name = 'PurchaseStepsAndRecovery1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bonus.ledger ADD COLUMN events_sent integer NOT NULL DEFAULT 0`);
    await q.query(`CREATE TABLE bonus.recovery (
      id smallint PRIMARY KEY CHECK (id = 1),
      mode text NOT NULL CHECK (mode IN ('catching_up', 'live')),
      source_topic text NOT NULL,
      purchases_read bigint NOT NULL,
      horizon jsonb NOT NULL,
      started_at timestamptz NOT NULL,
      reconciled_at timestamptz,
      reconcile_purchases integer)`);
    await q.query(`CREATE TABLE bonus.topic_holdings (
      invoice_id text NOT NULL,
      member_number text NOT NULL,
      household_id text NOT NULL,
      net_amount_cents bigint NOT NULL,
      events integer NOT NULL,
      PRIMARY KEY (invoice_id, member_number))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bonus.topic_holdings`);
    await q.query(`DROP TABLE bonus.recovery`);
    await q.query(`ALTER TABLE bonus.ledger DROP COLUMN events_sent`);
  }
}
