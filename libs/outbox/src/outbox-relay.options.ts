import type { LoggerService } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { SqlTransactions } from '@sa/persistence/sql-transactions';

/** How a relay is set up (types only: the worker thread loads kafkajs and pg, nothing else). */
export interface OutboxRelayOptions {
  transactions: SqlTransactions;
  schema: string;
  kafka: Kafka;
  batchSize?: number;
  idlePollMs?: number;
  /** Bytes one pass reads at most: the relay's memory stays bounded whatever the row sizes. */
  maxPassBytes?: number;
  /** Bytes one produce request carries at most (the broker limits each partition's batch to ~1 MiB). */
  maxRequestBytes?: number;
  /** A row larger than this cannot be published: it is parked at once. */
  maxMessageBytes?: number;
  /** Failed publishes of one row before it is parked. */
  maxAttempts?: number;
  logger: LoggerService;
  /** Told how long each pass that published rows took, read to commit (metrics; a callback: no prom-client here). */
  onPublished?: (seconds: number) => void;
}
