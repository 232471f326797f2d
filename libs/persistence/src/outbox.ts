import { EntityManager } from 'typeorm';

/** One message waiting to be relayed to Kafka, written in the same transaction as the change it announces. */
export interface OutboxMessage {
  topic: string;
  key: string | null;
  /** The exact JSON text to publish; stored as text so a republish is byte-identical. */
  value: string;
  headers?: Record<string, string>;
}

/** DDL for a service's outbox table, shared by the services' migrations. */
export const outboxDdl = {
  up: (schema: string) => [
    `CREATE TABLE "${schema}".outbox (
       id bigserial PRIMARY KEY,
       topic text NOT NULL,
       message_key text,
       payload text NOT NULL,
       headers jsonb NOT NULL DEFAULT '{}'::jsonb,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
  ],
  down: (schema: string) => [`DROP TABLE "${schema}".outbox`],
};

/** Appends messages with one multi-row statement (arrays, not one INSERT per row). */
export async function appendToOutbox(manager: EntityManager, schema: string, messages: OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await manager.query(
    `INSERT INTO "${schema}".outbox (topic, message_key, payload, headers)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])`,
    [messages.map((m) => m.topic), messages.map((m) => m.key), messages.map((m) => m.value), messages.map((m) => JSON.stringify(m.headers ?? {}))],
  );
}
