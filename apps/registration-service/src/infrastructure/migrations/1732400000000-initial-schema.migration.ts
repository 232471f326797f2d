import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxDdl } from '@sa/outbox';

const S = 'registration';

export class InitialSchema1732400000000 implements MigrationInterface {
  name = 'InitialSchema1732400000000';

  async up(q: QueryRunner): Promise<void> {
    // Every version of every contract: the state at any moment is the last change at or before it.
    await q.query(`CREATE TABLE "${S}".contract_versions (
      contract_id text NOT NULL,
      changed_at timestamptz NOT NULL,
      signer_customer_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('QUOTE', 'ACTIVE', 'TERMINATED')),
      event_id text NOT NULL UNIQUE,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (contract_id, changed_at)
    )`);
    await q.query(
      `CREATE INDEX contract_versions_by_signer ON "${S}".contract_versions (signer_customer_id, contract_id)`,
    );
    // One row per customer, locked FOR UPDATE to serialize that customer's registration changes.
    await q.query(`CREATE TABLE "${S}".customers (
      customer_id text PRIMARY KEY,
      first_seen_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "${S}".registrations (
      registration_id uuid PRIMARY KEY,
      customer_id text NOT NULL REFERENCES "${S}".customers (customer_id),
      member_number text NOT NULL CHECK (member_number ~ '^[0-9]{10}$'),
      household_id text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('PHONE', 'CHAT', 'EMAIL')),
      recorded_by text NOT NULL,
      granted_at timestamptz NOT NULL,
      revoked_at timestamptz,
      CHECK (revoked_at IS NULL OR revoked_at >= granted_at)
    )`);
    // The database itself refuses a second active consent for one customer.
    await q.query(
      `CREATE UNIQUE INDEX registrations_one_active_per_customer
         ON "${S}".registrations (customer_id) WHERE revoked_at IS NULL`,
    );
    // Every grant and revocation, kept forever (R6); seq gives the order they were recorded in.
    await q.query(`CREATE TABLE "${S}".consent_events (
      seq bigserial PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      event_type text NOT NULL CHECK (event_type IN ('ConsentGranted', 'ConsentRevoked')),
      registration_id uuid NOT NULL REFERENCES "${S}".registrations (registration_id),
      customer_id text NOT NULL,
      member_number text NOT NULL,
      household_id text NOT NULL,
      effective_at timestamptz NOT NULL,
      channel text NOT NULL,
      recorded_by text NOT NULL,
      payload text NOT NULL
    )`);
    await q.query(`CREATE INDEX consent_events_by_customer ON "${S}".consent_events (customer_id, seq)`);
    await q.query(`CREATE TABLE "${S}".api_keys (
      key_id text PRIMARY KEY,
      agent_id text NOT NULL,
      key_sha256 bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )`);
    await q.query(`CREATE TABLE "${S}".audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      agent_id text,
      action text NOT NULL,
      customer_id text,
      channel text,
      member_number_masked text,
      http_status integer NOT NULL,
      outcome text NOT NULL
    )`);
    await q.query(`CREATE INDEX audit_log_by_customer ON "${S}".audit_log (customer_id, at)`);
    for (const sql of outboxDdl.up(S)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxDdl.down(S)) await q.query(sql);
    await q.query(`DROP TABLE "${S}".audit_log`);
    await q.query(`DROP TABLE "${S}".api_keys`);
    await q.query(`DROP TABLE "${S}".consent_events`);
    await q.query(`DROP TABLE "${S}".registrations`);
    await q.query(`DROP TABLE "${S}".customers`);
    await q.query(`DROP TABLE "${S}".contract_versions`);
  }
}
