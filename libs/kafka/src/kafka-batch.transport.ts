import { Logger, LoggerService } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { RawMessage } from './raw-message';

export interface KafkaBatchTransportOptions {
  kafka: Kafka;
  groupId: string;
  /** Pattern used in `@EventPattern(pattern)` → the topic it stands for (names are configurable). */
  topics: Record<string, string>;
  maxBatchSize: number;
  partitionsConsumedConcurrently?: number;
  /** Retry a failing batch after this long, doubling up to maxRetryDelayMs; it is never skipped. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  logger?: LoggerService;
}

/**
 * A Nest microservice transport over kafkajs that hands whole batches to `@EventPattern` handlers.
 * A batch's offsets are committed only after its handler resolved, i.e. after the handler's
 * database commit; a handler that throws is retried with backoff and never skipped.
 */
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  private consumer: Consumer | undefined;
  private readonly log: LoggerService;

  constructor(private readonly options: KafkaBatchTransportOptions) {
    super();
    this.log = options.logger ?? new Logger('KafkaBatchTransport');
  }

  async listen(callback: () => void): Promise<void> {
    try {
      const patterns = [...this.messageHandlers.keys()];
      const byTopic = new Map(patterns.map((p) => [this.topicOf(p), p]));
      this.consumer = this.options.kafka.consumer({ groupId: this.options.groupId, sessionTimeout: 30_000, heartbeatInterval: 3000, maxWaitTimeInMs: 100 });
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

  on(): never {
    throw new Error('KafkaBatchTransport has no events to subscribe to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private topicOf(pattern: string): string {
    const topic = this.options.topics[pattern];
    if (!topic) throw new Error(`no topic configured for pattern ${pattern}`);
    return topic;
  }

  private async consume({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload, pattern: string): Promise<void> {
    const handler = this.messageHandlers.get(pattern);
    if (!handler) throw new Error(`no handler for ${pattern}`);
    for (let start = 0; start < batch.messages.length; start += this.options.maxBatchSize) {
      if (!isRunning() || isStale()) return;
      const chunk: RawMessage[] = batch.messages.slice(start, start + this.options.maxBatchSize).map((m) => ({
        topic: batch.topic,
        partition: batch.partition,
        offset: m.offset,
        key: m.key === null ? null : m.key.toString('utf8'),
        value: m.value,
        timestamp: m.timestamp,
      }));
      const handled = await this.withRetry(() => lastValueFrom(this.transformToObservable(handler(chunk)), { defaultValue: undefined }), heartbeat, () => isRunning() && !isStale(), pattern);
      if (!handled) return; // stopping or partition lost: another owner replays it; the handler is idempotent
      const last = chunk[chunk.length - 1].offset;
      resolveOffset(last);
      await this.consumer!.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
      await heartbeat();
    }
  }

  private async withRetry(work: () => Promise<unknown>, heartbeat: () => Promise<void>, stillOwned: () => boolean, pattern: string): Promise<boolean> {
    let delay = this.options.retryDelayMs ?? 500;
    for (let attempt = 1; ; attempt++) {
      try {
        await work();
        return true;
      } catch (error) {
        this.log.warn({ message: `batch for ${pattern} failed, retrying in ${delay} ms`, attempt, error: (error as Error).message }, 'KafkaBatchTransport');
      }
      const until = Date.now() + delay;
      while (Date.now() < until) {
        if (!stillOwned()) return false;
        await heartbeat().catch(() => undefined);
        await new Promise((r) => setTimeout(r, Math.min(1000, until - Date.now())));
      }
      if (!stillOwned()) return false;
      delay = Math.min(delay * 2, this.options.maxRetryDelayMs ?? 30_000);
    }
  }
}
