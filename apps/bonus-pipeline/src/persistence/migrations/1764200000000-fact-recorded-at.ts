import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the pipeline recorded each invoice, contract change and consent: a fact counts for an invoice only if it
 * was recorded before the invoice arrived or while the invoice was inside the correction window
 * (domain/correction-window.ts). Rows recorded before this migration keep NULL: such facts count for every
 * invoice, as they did, and such invoices close to facts at the end of their window.
 */
export class FactRecordedAt1764200000000 implements MigrationInterface {
  name = 'FactRecordedAt1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bonus.contract_versions ADD COLUMN recorded_at timestamptz`);
    await q.query(`ALTER TABLE bonus.consent_events ADD COLUMN recorded_at timestamptz`);
    await q.query(`ALTER TABLE bonus.invoices ADD COLUMN recorded_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bonus.invoices DROP COLUMN recorded_at`);
    await q.query(`ALTER TABLE bonus.consent_events DROP COLUMN recorded_at`);
    await q.query(`ALTER TABLE bonus.contract_versions DROP COLUMN recorded_at`);
  }
}
