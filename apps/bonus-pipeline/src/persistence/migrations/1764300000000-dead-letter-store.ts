import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dead letters kept whole, so ops can read and re-drive them: the published letter may carry only the
 * first bytes of a large value, the store keeps the exact bytes (bytea, up to the broker's ~1 MB limit).
 * `id` is the letter's eventId ('dl-' + the first 32 hex of SHA-256 of "topic/partition/offset"), so it is
 * computed here too for letters registered before. Those older rows kept no bytes (`kept_whole` false) and
 * get the migration's time as `recorded_at` (in milliseconds, like every letter's time, so page cursors are exact):
 * when they were rejected was not recorded.
 */
export class DeadLetterStore1764300000000 implements MigrationInterface {
  name = 'DeadLetterStore1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bonus.dead_letters
      ADD COLUMN id text,
      ADD COLUMN source_key bytea,
      ADD COLUMN raw_value bytea,
      ADD COLUMN kept_whole boolean NOT NULL DEFAULT false,
      ADD COLUMN error_message text NOT NULL DEFAULT '',
      ADD COLUMN fields jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())`);
    await q.query(`UPDATE bonus.dead_letters SET id = 'dl-' || left(encode(sha256(convert_to(
      source_topic || '/' || source_partition || '/' || source_offset, 'UTF8')), 'hex'), 32)`);
    await q.query(`ALTER TABLE bonus.dead_letters ALTER COLUMN id SET NOT NULL,
      ADD CONSTRAINT dead_letters_id UNIQUE (id),
      ALTER COLUMN recorded_at DROP DEFAULT,
      ALTER COLUMN error_message DROP DEFAULT`);
    // The list reads newest first, optionally by topic or code: keyset pagination on (recorded_at, id).
    await q.query(`CREATE INDEX dead_letters_recorded ON bonus.dead_letters (recorded_at DESC, id DESC)`);
    await q.query(`CREATE TABLE bonus.dead_letter_redrives (
      id bigserial PRIMARY KEY,
      dead_letter_id text NOT NULL REFERENCES bonus.dead_letters (id),
      operator text NOT NULL,
      redriven_at timestamptz NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('DECIDED', 'DEAD_AGAIN')),
      error_code text,
      error_message text)`);
    await q.query(`CREATE INDEX dead_letter_redrives_letter ON bonus.dead_letter_redrives (dead_letter_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bonus.dead_letter_redrives`);
    await q.query(`DROP INDEX bonus.dead_letters_recorded`);
    await q.query(`ALTER TABLE bonus.dead_letters DROP CONSTRAINT dead_letters_id, DROP COLUMN id,
      DROP COLUMN source_key, DROP COLUMN raw_value, DROP COLUMN kept_whole, DROP COLUMN error_message,
      DROP COLUMN fields, DROP COLUMN recorded_at`);
  }
}
