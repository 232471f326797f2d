// Registers the @sa/* aliases when this file runs as a worker outside `node -r` (tests).
import '../../../../libs/platform/src/runtime/register-aliases';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
// Single files rather than the libs' indexes: this thread loads kafkajs and pg only, not Nest or
// TypeORM, which keeps its share of the process's memory small.
import { createKafkaClient } from '@sa/kafka/kafka-client';
import { OutboxRelay } from '@sa/outbox/outbox-relay';
import { PgPoolTransactions } from '@sa/persistence/pg-pool-transactions';
import { JsonLogger } from '@sa/platform/logging/json-logger';
import {
  RELAY_OBSERVATIONS_EVERY_MS,
  RelayWorkerObservations,
  RelayWorkerOptions,
  RelayWorkerSignal,
  RelayWorkerStarted,
} from './relay-worker-options';

/**
 * The outbox relay on its own thread (see WorkerThreadOutboxRelay): its own database pool and
 * Kafka producer, so reading, encoding and publishing outgoing events does not queue behind the
 * batches on the main event loop.
 */
async function main(options: RelayWorkerOptions): Promise<void> {
  const logger = new JsonLogger('bonus-pipeline', options.logLevel);
  const kafka = createKafkaClient({ brokers: options.brokers, clientId: `${options.clientId}-relay`, logger });
  const transactions = new PgPoolTransactions({
    url: options.databaseUrl,
    poolSize: 1,
    applicationName: 'bonus-pipeline-relay',
    onConnectionError: (error) =>
      logger.warn(
        { message: 'relay database connection lost; the relay retries', error: error.message },
        'OutboxRelay',
      ),
  });
  // The metrics registry lives on the main thread: observations go there in batches, not a message each.
  let publishSeconds: number[] = [];
  const report = () => {
    if (publishSeconds.length === 0) return;
    parentPort!.postMessage({ publishSeconds } satisfies RelayWorkerObservations);
    publishSeconds = [];
  };
  const reporter = setInterval(report, RELAY_OBSERVATIONS_EVERY_MS);
  const relay = new OutboxRelay({
    transactions,
    schema: options.schema,
    kafka,
    batchSize: options.batchSize,
    idlePollMs: options.idlePollMs,
    logger,
    onPublished: (seconds) => publishSeconds.push(seconds),
  });
  await relay.start();
  parentPort!.on('message', (signal: RelayWorkerSignal) => {
    if (signal === 'nudge') return relay.nudge();
    // Drains what is committed, then the thread ends.
    void relay
      .stop()
      .then(() => {
        clearInterval(reporter);
        report();
      })
      .then(() => transactions.end())
      .then(() => process.exit(0)); // in a worker, ends this thread only
  });
  parentPort!.postMessage({
    started: true,
    heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 1048576),
  } satisfies RelayWorkerStarted);
}

main(workerData as RelayWorkerOptions).catch((error: Error) => {
  // The main thread sees the thread end before 'started' (or later) and acts on it.
  process.stderr.write(
    `${JSON.stringify({
      level: 'error',
      context: 'OutboxRelay',
      message: 'relay thread failed',
      error: error.message,
    })}\n`,
  );
  process.exit(1);
});
