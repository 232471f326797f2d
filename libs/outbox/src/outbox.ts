import type { EntityManager } from 'typeorm';
import type { TopicKey, TopicMessage, TopicNames } from '@sa/contracts';
import type { SqlQuery } from '@sa/persistence/sql-transactions';
import { queryWith, SqlParameters } from '@sa/persistence/sql-parameters';

/** One message waiting to be relayed to Kafka, written in the same transaction as the change it announces. */
export interface OutboxMessage {
  topic: string;
  key: string | null;
  /** The exact JSON text to publish; stored as text so a republish is byte-identical. */
  value: string;
  headers?: Record<string, string>;
}

/**
 * The outbox row for a message typed by its topic (the topic → payload map in @sa/contracts): the
 * payload serialised once, here, so a republish sends the same bytes.
 */
export function outboxMessageFor<K extends TopicKey>(topics: TopicNames, message: TopicMessage<K>): OutboxMessage {
  return { topic: topics[message.topic], key: message.key, value: JSON.stringify(message.payload) };
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
  /**
   * A row that fails to publish records its attempts and last error; once parked it moves to its own
   * table, so the relay's read stays a plain top-N on the outbox's primary key.
   */
  parking: {
    up: (schema: string) => [
      `ALTER TABLE "${schema}".outbox
         ADD COLUMN attempts int NOT NULL DEFAULT 0,
         ADD COLUMN last_error text,
         ADD COLUMN last_attempt_at timestamptz`,
      `CREATE TABLE "${schema}".outbox_parked (
         id bigint PRIMARY KEY,
         topic text NOT NULL,
         message_key text,
         payload text NOT NULL,
         headers jsonb NOT NULL,
         created_at timestamptz NOT NULL,
         attempts int NOT NULL,
         last_error text,
         parked_at timestamptz NOT NULL DEFAULT now()
       )`,
    ],
    down: (schema: string) => [
      `DROP TABLE "${schema}".outbox_parked`,
      `ALTER TABLE "${schema}".outbox DROP COLUMN attempts, DROP COLUMN last_error, DROP COLUMN last_attempt_at`,
    ],
  },
};

/** A parked outbox row, as ops see it. */
export interface ParkedOutboxRow {
  id: string;
  topic: string;
  key: string | null;
  payloadBytes: number;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  parkedAt: Date;
}

/** Parked rows, oldest first. */
export async function listParkedOutboxRows(query: SqlQuery, schema: string, limit = 100): Promise<ParkedOutboxRow[]> {
  return query<ParkedOutboxRow>(
    `SELECT id::text AS id, topic, message_key AS key, octet_length(payload) AS "payloadBytes", attempts,
            last_error AS "lastError", created_at AS "createdAt", parked_at AS "parkedAt"
       FROM "${schema}".outbox_parked ORDER BY id LIMIT $1`,
    [limit],
  );
}

/**
 * Puts parked rows back in line (all of them when `ids` is undefined), behind the rows waiting now,
 * in their original order; returns how many.
 */
export async function republishParkedOutboxRows(query: SqlQuery, schema: string, ids?: string[]): Promise<number> {
  const rows = await query<{ id: string }>(
    `WITH moved AS (
       DELETE FROM "${schema}".outbox_parked WHERE ($1::bigint[] IS NULL OR id = ANY($1::bigint[]))
       RETURNING id, topic, message_key, payload, headers, created_at)
     INSERT INTO "${schema}".outbox (topic, message_key, payload, headers, created_at)
     SELECT topic, message_key, payload, headers, created_at FROM moved ORDER BY id RETURNING id`,
    [ids ?? null],
  );
  return rows.length;
}

/** Moves rows from the outbox to the parked table, with their attempts and last error. */
export async function parkOutboxRows(query: SqlQuery, schema: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await query(
    `WITH moved AS (
       DELETE FROM "${schema}".outbox WHERE id = ANY($1::bigint[])
       RETURNING id, topic, message_key, payload, headers, created_at, attempts, last_error)
     INSERT INTO "${schema}".outbox_parked (id, topic, message_key, payload, headers, created_at, attempts, last_error)
     SELECT id, topic, message_key, payload, headers, created_at, attempts, last_error FROM moved`,
    [ids],
  );
}

/**
 * The outbox INSERT of `messages`, bound as columns of `params` (sql-parameters.ts: the payloads go as they are,
 * escaped at neither end). Rows get ids in the given order (unnest yields them in array order). Also used inside
 * statements that write more than the outbox in one round trip; such a statement may bind the payloads itself and
 * pass their `text[]` SQL as `payloads`, to use them twice on one parameter.
 */
export function outboxInsertSql(
  schema: string,
  params: SqlParameters,
  messages: readonly OutboxMessage[],
  payloads = params.column(messages.map((m) => m.value)),
): string {
  const headers = messages.map((m) => (m.headers ? JSON.stringify(m.headers) : null));
  return `INSERT INTO "${schema}".outbox (topic, message_key, payload, headers)
     SELECT m.topic, m.key, m.value, coalesce(m.headers, '{}'::jsonb)
       FROM unnest(${params.column(messages.map((m) => m.topic))}, ${params.column(messages.map((m) => m.key))},
         ${payloads}, ${params.column(headers, 'jsonb')})
         AS m(topic, key, value, headers)`;
}

/** Appends messages with one multi-row statement. */
export async function appendToOutbox(manager: EntityManager, schema: string, messages: OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await queryWith(manager, (p) => outboxInsertSql(schema, p, messages));
}
