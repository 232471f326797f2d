// Only kafkajs at runtime: the relay also runs on a worker thread that loads neither Nest nor TypeORM.
import { Message, Partitioners, Producer } from 'kafkajs';
import type { SqlQuery } from '@sa/persistence/sql-transactions';
import { columnParam, columnSql } from '@sa/persistence/sql-parameters';
import { isTransientFailure } from '@sa/platform/failures/transient-failure';
import { parkOutboxRows } from './outbox';
import type { OutboxRelayOptions } from './outbox-relay.options';

export type { OutboxRelayOptions } from './outbox-relay.options';

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string | null;
  payload: string;
  headers: Record<string, string> | null;
  attempts: number;
  bytes: number;
}

interface Failed {
  id: string;
  error: string;
  /** Parked at once, whatever the attempts: publishing it again cannot succeed. */
  park: boolean;
}

interface PassOutcome {
  sent: string[];
  failed: Failed[];
  /** The broker (or database) is down: the pass stopped, the rest waits for the next one. */
  transientError?: Error;
}

/** What the services hold of a relay: started, stopped (after draining), told that rows committed. */
export interface OutboxRelayControl {
  start(): Promise<void>;
  stop(): Promise<void>;
  nudge(): void;
}

export const OUTBOX_RELAY_DEFAULTS = {
  batchSize: 2000,
  idlePollMs: 50,
  maxPassBytes: 4 * 1024 * 1024,
  maxRequestBytes: 900 * 1024,
  maxMessageBytes: 1_000_000,
  maxAttempts: 5,
};

/**
 * Publishes committed outbox rows in id order and deletes them in the same transaction, which holds
 * an advisory lock: one relay per schema at a time, so per-key order is kept across instances. A
 * crash after the publish and before the commit republishes those rows on restart: the same bytes
 * with the same eventId (at-least-once, duplicates identical).
 *
 * One row can never block the rest: a broker or database that is down stops the pass (retried with
 * backoff, nothing counted against the rows), but a row the broker refuses is found by splitting
 * the request, records its attempt and error, and is parked after `maxAttempts` (or at once when it
 * is larger than the broker accepts) while the rows after it flow on. Parked rows wait for ops
 * (`npm run outbox -- republish`).
 */
export class OutboxRelay implements OutboxRelayControl {
  private producer: Producer | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** Set by a nudge; a nudge that lands while a relay pass runs must not wait for the idle poll. */
  private nudged = false;
  private readonly settings: typeof OUTBOX_RELAY_DEFAULTS;

  constructor(private readonly options: OutboxRelayOptions) {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.settings = { ...OUTBOX_RELAY_DEFAULTS, ...given };
  }

  async start(): Promise<void> {
    await this.connectProducer();
    this.running = true;
    this.loop = this.run();
  }

  /** Drains what is committed, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
    await this.producer?.disconnect();
  }

  /** Called after a commit that wrote outbox rows, so they go out without waiting for the poll. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /**
   * Publishes one pass; returns how many rows went out or were set aside (0: empty, or another relay
   * holds the lock).
   */
  async relayOnce(): Promise<number> {
    const started = performance.now();
    const outcome = await this.options.transactions.run(async (query): Promise<PassOutcome> => {
      const [{ locked }] = await query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        [`outbox-relay:${this.options.schema}`],
      );
      if (!locked) return { sent: [], failed: [] };
      const rows = await this.take(query);
      const pass = await this.publish(rows);
      await this.settle(query, pass);
      return pass;
    });
    if (outcome.sent.length > 0) this.options.onPublished?.((performance.now() - started) / 1000);
    // A refused request may leave the producer's sequence state behind.
    if (outcome.failed.length > 0) await this.connectProducer();
    if (outcome.transientError && outcome.sent.length === 0) throw outcome.transientError;
    return outcome.sent.length + outcome.failed.length;
  }

  /** Rows in id order, up to `batchSize` and `maxPassBytes` (always at least one). */
  private take(query: SqlQuery): Promise<OutboxRow[]> {
    const { schema } = this.options;
    // The innermost query is a plain top-N on the primary key (an index scan whatever the statistics
    // say); octet_length reads a TOASTed value's size without fetching it, and the payloads of rows past
    // the byte budget are never fetched. The outer ORDER BY names the bigint: the output id is text.
    return query<OutboxRow>(
      `SELECT x.id::text AS id, x.topic, x.message_key, x.payload, nullif(x.headers, '{}'::jsonb) AS headers,
              x.attempts, x.bytes
         FROM (SELECT t.*, sum(t.bytes) OVER (ORDER BY t.id) AS running
                 FROM (SELECT o.id, o.topic, o.message_key, o.payload, o.headers, o.attempts,
                              octet_length(o.payload) + coalesce(octet_length(o.message_key), 0) AS bytes
                         FROM "${schema}".outbox o ORDER BY o.id LIMIT $1) t) x
        WHERE x.running - x.bytes < $2
        ORDER BY x.id`,
      [this.settings.batchSize, this.settings.maxPassBytes],
    );
  }

  private async publish(rows: OutboxRow[]): Promise<PassOutcome> {
    const outcome: PassOutcome = { sent: [], failed: [] };
    const { maxMessageBytes, maxRequestBytes } = this.settings;
    const publishable: OutboxRow[] = [];
    for (const row of rows) {
      if (row.bytes <= maxMessageBytes) publishable.push(row);
      else
        outcome.failed.push({
          id: row.id,
          error: `${row.bytes} bytes: larger than the ${maxMessageBytes} a message may have`,
          park: true,
        });
    }
    for (const request of byteBoundedRuns(publishable, maxRequestBytes)) {
      if (!(await this.sendIsolating(request, outcome))) break;
    }
    return outcome;
  }

  /** Sends rows; a refusal is narrowed down by halves to the row at fault. False: stop the pass (transient). */
  private async sendIsolating(rows: OutboxRow[], outcome: PassOutcome): Promise<boolean> {
    try {
      await this.send(rows);
      outcome.sent.push(...rows.map((r) => r.id));
      return true;
    } catch (error) {
      if (isTransientFailure(error)) {
        outcome.transientError = error as Error;
        return false;
      }
      if (rows.length === 1) {
        outcome.failed.push({ id: rows[0].id, error: (error as Error).message ?? String(error), park: false });
        return true;
      }
      const half = Math.ceil(rows.length / 2);
      return (await this.sendIsolating(rows.slice(0, half), outcome)) && this.sendIsolating(rows.slice(half), outcome);
    }
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const row of rows) {
      const list = byTopic.get(row.topic) ?? [];
      list.push({ key: row.message_key, value: row.payload, headers: row.headers ?? undefined });
      byTopic.set(row.topic, list);
    }
    await this.producer!.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }

  /** Sent rows leave the outbox; failed ones record the attempt and are parked past the bound. */
  private async settle(query: SqlQuery, { sent, failed }: PassOutcome): Promise<void> {
    const { schema } = this.options;
    // Ids as one column parameter: up to a pass of them, cheaper to bind than an array (sql-parameters.ts).
    if (sent.length > 0)
      await query(`DELETE FROM "${schema}".outbox WHERE id = ANY(${columnSql('$1', 'bigint')})`, [columnParam(sent)]);
    if (failed.length === 0) return;
    const attempted = await query<{ id: string; attempts: number; last_error: string; park: boolean }>(
      `UPDATE "${schema}".outbox o
          SET attempts = o.attempts + 1, last_error = f.error, last_attempt_at = now()
         FROM unnest($1::bigint[], $2::text[], $3::boolean[]) AS f(id, error, park)
        WHERE o.id = f.id
        RETURNING o.id::text AS id, o.attempts, o.last_error, (f.park OR o.attempts >= $4) AS park`,
      [failed.map((f) => f.id), failed.map((f) => f.error), failed.map((f) => f.park), this.settings.maxAttempts],
    );
    await parkOutboxRows(
      query,
      schema,
      attempted.filter((row) => row.park).map((row) => row.id),
    );
    for (const row of attempted) {
      const message = row.park
        ? 'outbox row parked: ops can publish it again once the cause is fixed'
        : 'outbox row refused';
      this.options.logger.error(
        { message, outboxId: row.id, attempts: row.attempts, error: row.last_error },
        'OutboxRelay',
      );
    }
  }

  private async connectProducer(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    // Murmur2 partitioning, as the Java clients use: a key lands on the same partition whoever produces it.
    this.producer = this.options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.producer.connect();
  }

  private async run(): Promise<void> {
    const idle = this.settings.idlePollMs;
    let backoff = 200;
    for (;;) {
      let handled: number;
      this.nudged = false;
      try {
        handled = await this.relayOnce();
        backoff = 200;
      } catch (error) {
        // Broker or database down: the rows stay in the outbox and go out later; nothing is dropped.
        this.options.logger.warn(
          { message: `outbox relay failed, retrying in ${backoff} ms`, error: (error as Error).message },
          'OutboxRelay',
        );
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
        if (!this.running) return;
        continue;
      }
      if (handled > 0 || this.nudged) continue;
      if (!this.running) return;
      await this.sleep(idle);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/** Consecutive runs of rows whose bytes add up to at most `budget` (a larger row goes alone). */
function byteBoundedRuns(rows: OutboxRow[], budget: number): OutboxRow[][] {
  const runs: OutboxRow[][] = [];
  let current: OutboxRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    if (current.length > 0 && bytes + row.bytes > budget) {
      runs.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += row.bytes;
  }
  if (current.length > 0) runs.push(current);
  return runs;
}
