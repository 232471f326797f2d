import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'console';

/** Console sessions: keyed by the SHA-256 of the id; the credential sealed under a key only the id gives. */
export class ConsoleSessions1765000000000 implements MigrationInterface {
  name = 'ConsoleSessions1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${S}".sessions (
      id_hash bytea PRIMARY KEY,
      principal_kind text NOT NULL CHECK (principal_kind IN ('agent', 'ops')),
      agent_id text,
      sealed_credential bytea NOT NULL,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      CHECK ((principal_kind = 'agent') = (agent_id IS NOT NULL))
    )`);
    // The sweep of expired sessions reads by age.
    await q.query(`CREATE INDEX sessions_by_last_seen ON "${S}".sessions (last_seen_at)`);
    await q.query(`CREATE INDEX sessions_by_created ON "${S}".sessions (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}".sessions`);
  }
}
