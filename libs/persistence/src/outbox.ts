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

/**
 * The outbox INSERT, reading its rows from one JSON parameter (`param`, e.g. '$1'): V8's
 * JSON.stringify escapes the payloads natively, where pg's array parameters escape each element in
 * JS. Rows get ids in the given order (json_to_recordset yields them in array order). Also used
 * inside statements that write more than the outbox in one round trip.
 */
export function outboxInsertFromJson(schema: string, param: string): string {
  return `INSERT INTO "${schema}".outbox (topic, message_key, payload, headers)
     SELECT m.topic, m.key, m.value, coalesce(m.headers, '{}'::jsonb) FROM json_to_recordset(${param}::json) AS m(topic text, key text, value text, headers jsonb)`;
}

/** Appends messages with one multi-row statement. */
export async function appendToOutbox(manager: EntityManager, schema: string, messages: OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await manager.query(outboxInsertFromJson(schema, '$1'), [JSON.stringify(messages)]);
}
