import { LoggerService } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { TopicKey } from '@sa/contracts';
import { ConsumerHealth } from './consumer-health';
import { RawMessage } from './raw-message';

export interface KafkaBatchTransportOptions {
  kafka: Kafka;
  groupId: string;
  /** Topic key used in `@ConsumesTopic(key)` → the topic's configured name. */
  topics: Partial<Record<TopicKey, string>>;
  maxBatchSize: number;
  partitionsConsumedConcurrently?: number;
  /**
   * Records one message that keeps failing on its own with a non-transient error (as a dead letter,
   * in the service's outbox), so that the partition moves on. Retried like a batch when it fails.
   */
  deadLetter: (message: RawMessage, error: Error) => Promise<void>;
  /** Told when the consumer pauses on a fault of ours, and when it recovers (readiness). */
  health?: ConsumerHealth;
  /** Retry a transiently failing batch after this long, doubling up to maxRetryDelayMs; never skipped. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Attempts of a single message before it is dead-lettered (non-transient failures only). */
  singleMessageAttempts?: number;
  /** This many messages in a row failing the same way is a fault of ours: pause rather than dead-letter. */
  poisonStreakLimit?: number;
  /** Session timeout: how long the broker waits for a silent member before giving its partitions away. */
  sessionTimeoutMs?: number;
  /** Heartbeats this often, also while a handler works on a batch (a tenth of the session timeout when absent). */
  heartbeatIntervalMs?: number;
  logger?: LoggerService;
  /** Told of each chunk handled and each transient failure retried (metrics). */
  observer?: BatchObserver;
}

/** What the transport reports as it goes; called on the hot path, once per chunk: keep it cheap. */
export interface BatchObserver {
  /** A chunk of `messages` from `topic` went through its handler, retries included, in `seconds`. */
  handled(topic: string, messages: number, seconds: number): void;
  /** A transient failure (database or broker down) that the transport retries. */
  retriedTransiently(): void;
}
