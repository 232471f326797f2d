import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit of parked outbox rows put back in line: who asked, when, for which rows (null: all) and how many moved.
 * Written in the transaction that moves them, so no republish goes unaudited (a log line alone does not last).
 */
export class OutboxRepublishes1764800000002 implements MigrationInterface {
  name = 'OutboxRepublishes1764800000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE bonus.outbox_republishes (
      id bigserial PRIMARY KEY,
      operator text NOT NULL,
      republished_at timestamptz NOT NULL,
      requested_ids bigint[],
      moved integer NOT NULL CHECK (moved >= 0))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bonus.outbox_republishes`);
  }
}
