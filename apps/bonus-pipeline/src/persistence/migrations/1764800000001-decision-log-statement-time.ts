import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `decision_log.recorded_at` becomes the time of the statement that wrote the row, not of its transaction's start:
 * reconciliation's eligible amount adds the credit notes decided after an invoice's latest decision, and a batch
 * that waited for another's locks starts its writing statement only after that one committed, while its
 * transaction may have started before. One batch writes its decisions in one statement, so they still share a time.
 * A default only: no row is rewritten.
 */
export class DecisionLogStatementTime1764800000001 implements MigrationInterface {
  name = 'DecisionLogStatementTime1764800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bonus.decision_log ALTER COLUMN recorded_at SET DEFAULT statement_timestamp()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bonus.decision_log ALTER COLUMN recorded_at SET DEFAULT now()`);
  }
}
