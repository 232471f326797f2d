import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxDdl } from '@sa/outbox';

const S = 'bonus';

export class CreateBonusSchema1764000000000 implements MigrationInterface {
  name = 'CreateBonusSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${S}.contract_versions (
      event_id text PRIMARY KEY,
      contract_id text NOT NULL,
      changed_at timestamptz NOT NULL,
      signer_customer_id text NOT NULL,
      status text NOT NULL)`);
    await q.query(`CREATE INDEX contract_versions_contract ON ${S}.contract_versions (contract_id, changed_at)`);
    await q.query(`CREATE TABLE ${S}.consent_events (
      event_id text PRIMARY KEY,
      customer_id text NOT NULL,
      effective_at timestamptz NOT NULL,
      event_type text NOT NULL CHECK (event_type IN ('ConsentGranted', 'ConsentRevoked')),
      registration_id text NOT NULL,
      member_number text NOT NULL,
      household_id text NOT NULL)`);
    await q.query(`CREATE INDEX consent_events_customer ON ${S}.consent_events (customer_id, effective_at)`);
    // 'awaiting': known only as the target of a credit note that arrived first.
    await q.query(`CREATE TABLE ${S}.invoices (
      invoice_id text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('invoice', 'credit_note', 'awaiting')),
      event_id text,
      content_hash text,
      credited_invoice_id text,
      customer_id text,
      contract_id text,
      issued_at timestamptz,
      monthly_fee_cents bigint)`);
    await q.query(`CREATE INDEX invoices_payer ON ${S}.invoices (customer_id, issued_at) WHERE kind = 'invoice'`);
    await q.query(`CREATE INDEX invoices_contract ON ${S}.invoices (contract_id, issued_at) WHERE kind = 'invoice'`);
    await q.query(`CREATE INDEX invoices_credited ON ${S}.invoices (credited_invoice_id) WHERE kind = 'credit_note'`);
    // What was sent per (invoice, member): the base every correction is a difference from.
    await q.query(`CREATE TABLE ${S}.ledger (
      invoice_id text NOT NULL,
      member_number text NOT NULL,
      household_id text NOT NULL,
      net_amount_cents bigint NOT NULL,
      PRIMARY KEY (invoice_id, member_number))`);
    await q.query(`CREATE TABLE ${S}.processed_inputs (event_id text PRIMARY KEY)`);
    await q.query(`CREATE TABLE ${S}.decision_counts (
      decision text NOT NULL,
      reason text NOT NULL,
      count bigint NOT NULL,
      PRIMARY KEY (decision, reason))`);
    await q.query(`CREATE TABLE ${S}.dead_letters (
      source_topic text NOT NULL,
      source_partition int NOT NULL,
      source_offset bigint NOT NULL,
      error_code text NOT NULL,
      PRIMARY KEY (source_topic, source_partition, source_offset))`);
    for (const sql of outboxDdl.up(S)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxDdl.down(S)) await q.query(sql);
    for (const table of [
      'dead_letters',
      'decision_counts',
      'processed_inputs',
      'ledger',
      'invoices',
      'consent_events',
      'contract_versions',
    ]) {
      await q.query(`DROP TABLE ${S}.${table}`);
    }
  }
}
