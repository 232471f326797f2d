import { Logger, LoggerService } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import type { TopicKey } from '@sa/contracts';
import { ConsumerHealth } from './consumer-health';
import { RawMessage } from './raw-message';
import { failureSignature, isTransientFailure } from '@sa/platform/failures/transient-failure';
import type { KafkaBatchTransportOptions } from './kafka-batch-transport.options';

export type { BatchObserver, KafkaBatchTransportOptions } from './kafka-batch-transport.options';

type Attempt = { ok: true } | { ok: false; error: Error };

/**
 * A Nest microservice transport over kafkajs that hands whole batches to `@EventPattern` handlers.
 * A batch's offsets are committed only after its handler resolved, i.e. after the handler's
 * database commit. A transient failure (database or broker down) is retried with backoff and never
 * skipped; any other failure splits the batch until the message at fault is found, which becomes a
 * dead letter while the rest go on. Many messages in a row failing the same way pause the consumer
 * and mark it unhealthy instead: that is a fault of ours, not of the messages.
 */
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  private consumer: Consumer | undefined;
  private readonly log: LoggerService;
  private readonly health: ConsumerHealth;
  private poison = { signature: '', streak: 0 };

  constructor(private readonly options: KafkaBatchTransportOptions) {
    super();
    this.log = options.logger ?? new Logger('KafkaBatchTransport');
    this.health = options.health ?? new ConsumerHealth();
  }

  async listen(callback: () => void): Promise<void> {
    try {
      const patterns = [...this.messageHandlers.keys()];
      const byTopic = new Map(patterns.map((p) => [this.topicOf(p), p]));
      const sessionTimeout = this.options.sessionTimeoutMs ?? 30_000;
      this.consumer = this.options.kafka.consumer({
        groupId: this.options.groupId,
        sessionTimeout,
        heartbeatInterval: this.heartbeatIntervalMs(),
        maxWaitTimeInMs: 100,
      });
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: [...byTopic.keys()], fromBeginning: true });
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => this.consume(payload, byTopic.get(payload.batch.topic) as string),
      });
      callback();
    } catch (error) {
      callback();
      throw error;
    }
  }

  async close(): Promise<void> {
    // kafkajs waits for the batch in flight to finish before it leaves the group.
    await this.consumer?.disconnect();
  }

  private heartbeatIntervalMs(): number {
    return (
      this.options.heartbeatIntervalMs ?? Math.max(500, Math.floor((this.options.sessionTimeoutMs ?? 30_000) / 10))
    );
  }

  on(): never {
    throw new Error('KafkaBatchTransport has no events to subscribe to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private topicOf(pattern: string): string {
    const topic = this.options.topics[pattern as TopicKey];
    if (!topic) throw new Error(`no topic configured for pattern ${pattern}`);
    return topic;
  }

  private async consume(payload: EachBatchPayload, pattern: string): Promise<void> {
    const { batch, heartbeat, isRunning, isStale, resolveOffset } = payload;
    const handler = this.messageHandlers.get(pattern);
    if (!handler) throw new Error(`no handler for ${pattern}`);
    const owned = () => isRunning() && !isStale();
    for (let start = 0; start < batch.messages.length; start += this.options.maxBatchSize) {
      if (!owned()) return;
      const slice = batch.messages.slice(start, start + this.options.maxBatchSize);
      const chunk = slice.map((m) => rawMessage(batch.topic, batch.partition, m));
      const started = performance.now();
      // Stopping or partition lost: another owner replays it; the handler is idempotent.
      if (!(await this.handle(chunk, handler, { heartbeat, owned, pattern }))) return;
      this.options.observer?.handled(batch.topic, chunk.length, (performance.now() - started) / 1000);
      const last = chunk[chunk.length - 1].offset;
      resolveOffset(last);
      const next = (BigInt(last) + 1n).toString();
      await this.consumer!.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
      await heartbeat();
    }
  }

  /** Handles a chunk whole, or narrows a non-transient failure down to its message. False: no longer ours. */
  private async handle(chunk: RawMessage[], handler: MessageHandler, ctx: HandleContext): Promise<boolean> {
    const run = () =>
      this.whileHeartbeating(ctx, () =>
        this.attempt(() => lastValueFrom(this.transformToObservable(handler(chunk)), { defaultValue: undefined })),
      );
    const result = await this.untilNotTransient(run, ctx, `batch of ${chunk.length} for ${ctx.pattern}`);
    if (result === 'lost') return false;
    if (result.ok) {
      this.poison.streak = 0;
      this.health.recovered(ctx.pattern);
      return true;
    }
    if (chunk.length > 1) {
      const half = Math.ceil(chunk.length / 2);
      this.log.warn(
        {
          message: `batch for ${ctx.pattern} failed; splitting it to find the message at fault`,
          size: chunk.length,
          error: result.error.message,
        },
        'KafkaBatchTransport',
      );
      return (await this.handle(chunk.slice(0, half), handler, ctx)) && this.handle(chunk.slice(half), handler, ctx);
    }
    return this.handleOne(chunk[0], run, result.error, ctx);
  }

  /** One message failing on its own: a few more tries, then a dead letter, unless the stream is failing as a whole. */
  private async handleOne(
    message: RawMessage,
    run: () => Promise<Attempt>,
    error: Error,
    ctx: HandleContext,
  ): Promise<boolean> {
    let lastError = error;
    for (let attempt = 2; attempt <= (this.options.singleMessageAttempts ?? 3); attempt++) {
      const result = await this.untilNotTransient(run, ctx, `message ${position(message)}`);
      if (result === 'lost') return false;
      if (result.ok) return true;
      lastError = result.error;
    }
    const signature = failureSignature(lastError);
    this.poison = { signature, streak: this.poison.signature === signature ? this.poison.streak + 1 : 1 };
    if (this.poison.streak > (this.options.poisonStreakLimit ?? 5))
      return this.pauseUntilHandled(message, run, lastError, ctx);
    this.log.error(
      {
        message: 'message failed on its own; it goes to dead letters and the partition moves on',
        source: position(message),
        error: lastError.message,
      },
      'KafkaBatchTransport',
    );
    const recorded = await this.untilNotTransient(
      () => this.attempt(() => this.options.deadLetter(message, lastError)),
      ctx,
      'dead letter',
    );
    if (recorded === 'lost') return false;
    if (!recorded.ok) return this.pauseUntilHandled(message, run, recorded.error, ctx);
    return true;
  }

  /**
   * Many messages in a row failing the same way (or a dead letter that cannot be written) is a
   * fault of ours: dead-lettering the stream would hide it. Stay on this message, unhealthy, and
   * try it again with backoff until it goes through (someone fixed the fault) or the partition moves.
   */
  private async pauseUntilHandled(
    message: RawMessage,
    run: () => Promise<Attempt>,
    error: Error,
    ctx: HandleContext,
  ): Promise<boolean> {
    const reason =
      `consumer paused at ${position(message)}: ` + `messages keep failing the same way (${failureSignature(error)})`;
    this.health.paused(ctx.pattern, reason);
    this.log.error({ message: reason, error: error.message }, 'KafkaBatchTransport');
    let delay = this.options.retryDelayMs ?? 500;
    for (;;) {
      if (!(await this.wait(delay, ctx))) return false;
      const result = await this.untilNotTransient(run, ctx, `paused message ${position(message)}`);
      if (result === 'lost') return false;
      if (result.ok) {
        this.poison.streak = 0;
        this.health.recovered(ctx.pattern);
        this.log.log(
          { message: `consumer for ${ctx.pattern} resumed: ${position(message)} went through` },
          'KafkaBatchTransport',
        );
        return true;
      }
      delay = Math.min(delay * 2, this.options.maxRetryDelayMs ?? 30_000);
    }
  }

  /** Runs the work until it succeeds or fails non-transiently; transient failures are retried with backoff. */
  private async untilNotTransient(
    run: () => Promise<Attempt>,
    ctx: HandleContext,
    what: string,
  ): Promise<Attempt | 'lost'> {
    let delay = this.options.retryDelayMs ?? 500;
    for (let attempt = 1; ; attempt++) {
      const result = await run();
      if (result.ok || !isTransientFailure(result.error)) return result;
      this.options.observer?.retriedTransiently();
      this.log.warn(
        { message: `${what} failed transiently, retrying in ${delay} ms`, attempt, error: result.error.message },
        'KafkaBatchTransport',
      );
      if (!(await this.wait(delay, ctx))) return 'lost';
      delay = Math.min(delay * 2, this.options.maxRetryDelayMs ?? 30_000);
    }
  }

  /**
   * Keeps the session alive while a handler works: with a short session timeout, a batch that takes
   * longer than the session would otherwise look like a crash and move the partition mid-batch.
   * kafkajs sends at most one heartbeat per interval; a failed one (a rebalance began) shows in isStale.
   */
  private async whileHeartbeating<T>({ heartbeat }: HandleContext, work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => void heartbeat().catch(() => undefined), this.heartbeatIntervalMs());
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  private async attempt(work: () => Promise<unknown>): Promise<Attempt> {
    try {
      await work();
      return { ok: true };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error : new Error(`non-Error thrown: ${describe(error)}`) };
    }
  }

  /** Waits while heartbeating; false when the partition is no longer ours or the consumer stops. */
  private async wait(ms: number, { heartbeat, owned }: HandleContext): Promise<boolean> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!owned()) return false;
      await heartbeat().catch(() => undefined);
      await new Promise((r) => setTimeout(r, Math.min(1000, until - Date.now())));
    }
    return owned();
  }
}

interface HandleContext {
  heartbeat: () => Promise<void>;
  owned: () => boolean;
  pattern: string;
}

function rawMessage(topic: string, partition: number, m: KafkaMessage): RawMessage {
  return { topic, partition, offset: m.offset, key: m.key, value: m.value, timestamp: m.timestamp };
}

function describe(thrown: unknown): string {
  try {
    return JSON.stringify(thrown) ?? String(thrown);
  } catch {
    return String(thrown);
  }
}

function position(message: RawMessage): string {
  return `${message.topic}/${message.partition}@${message.offset}`;
}
