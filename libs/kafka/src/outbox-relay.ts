import type { LoggerService } from '@nestjs/common';
import { Kafka, Message, Partitioners, Producer } from 'kafkajs';
import type { SqlTransactions } from '@sa/persistence';

// Only kafkajs at runtime: the relay also runs on a worker thread that loads neither Nest nor TypeORM.
export interface OutboxRelayOptions {
  transactions: SqlTransactions;
  schema: string;
  kafka: Kafka;
  batchSize?: number;
  idlePollMs?: number;
  logger: LoggerService;
}

interface OutboxRow {
  topic: string;
  message_key: string | null;
  payload: string;
  headers: Record<string, string> | null;
}

/** What the services hold of a relay: started, stopped (after draining), told that rows committed. */
export interface OutboxRelayControl {
  start(): Promise<void>;
  stop(): Promise<void>;
  nudge(): void;
}

/**
 * Takes (deletes) committed outbox rows in id order, publishes them to Kafka, then commits, in one
 * transaction holding an advisory lock: one relay per schema at a time, so per-key order is kept
 * across instances. A crash after the publish and before the commit republishes those rows on
 * restart: the same bytes with the same eventId (at-least-once, duplicates identical).
 */
export class OutboxRelay implements OutboxRelayControl {
  private producer: Producer | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** Set by a nudge; a nudge that lands while a relay pass runs must not wait for the idle poll. */
  private nudged = false;

  constructor(private readonly options: OutboxRelayOptions) {}

  async start(): Promise<void> {
    // Murmur2 partitioning, as the Java clients use: a key lands on the same partition whoever produces it.
    this.producer = this.options.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
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

  /** Publishes one batch; returns how many rows went out (0 when empty or another relay holds the lock). */
  async relayOnce(): Promise<number> {
    const { schema, batchSize = 2000 } = this.options;
    return this.options.transactions.run(async (query) => {
      const [{ locked }] = await query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [`outbox-relay:${schema}`]);
      if (!locked) return 0;
      // Taken and deleted in one statement; if the publish below fails, the rollback puts them back.
      const rows = await query<OutboxRow>(
        `WITH taken AS (
           DELETE FROM "${schema}".outbox WHERE id IN (SELECT id FROM "${schema}".outbox ORDER BY id LIMIT $1)
           RETURNING id, topic, message_key, payload, nullif(headers, '{}'::jsonb) AS headers)
         SELECT topic, message_key, payload, headers FROM taken ORDER BY id`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, Message[]>();
      for (const row of rows) {
        const list = byTopic.get(row.topic) ?? [];
        list.push({ key: row.message_key, value: row.payload, headers: row.headers ?? undefined });
        byTopic.set(row.topic, list);
      }
      await this.producer!.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    const idle = this.options.idlePollMs ?? 50;
    let backoff = 200;
    for (;;) {
      let sent = 0;
      this.nudged = false;
      try {
        sent = await this.relayOnce();
        backoff = 200;
      } catch (error) {
        // Broker or database down: the rows stay in the outbox and go out later; nothing is dropped.
        this.options.logger.warn({ message: `outbox relay failed, retrying in ${backoff} ms`, error: (error as Error).message }, 'OutboxRelay');
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
        if (!this.running) return;
        continue;
      }
      if (sent > 0 || this.nudged) continue;
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
