// Registers the @sa/* aliases when this file runs as a worker outside `node -r` (tests).
import '../../../../tools/runtime/register-aliases';
import { parentPort, workerData } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { createKafkaClient, OutboxRelay } from '@sa/kafka';
import { serviceDataSourceOptions } from '@sa/persistence';
import { JsonLogger } from '@sa/platform';
import { RelayWorkerOptions, RelayWorkerSignal } from './relay-worker-options';

/**
 * The outbox relay on its own thread (see WorkerThreadOutboxRelay): its own database pool and
 * Kafka producer, so reading, encoding and publishing outgoing events does not queue behind the
 * batches on the main event loop.
 */
async function main(options: RelayWorkerOptions): Promise<void> {
  const logger = new JsonLogger('bonus-pipeline', options.logLevel);
  const kafka = createKafkaClient({ brokers: options.brokers, clientId: `${options.clientId}-relay`, logger });
  const dataSource = new DataSource(
    serviceDataSourceOptions({ url: options.databaseUrl, schema: options.schema, entities: [], migrations: [], poolSize: 2, applicationName: 'bonus-pipeline-relay',
      onConnectionError: (error) => logger.warn({ message: 'relay database connection lost; the relay retries', error: error.message }, 'OutboxRelay') }),
  );
  await dataSource.initialize();
  const relay = new OutboxRelay({ dataSource, schema: options.schema, kafka, batchSize: options.batchSize, idlePollMs: options.idlePollMs, logger });
  await relay.start();
  parentPort!.on('message', (signal: RelayWorkerSignal) => {
    if (signal === 'nudge') return relay.nudge();
    // Drains what is committed, then the thread ends.
    void relay
      .stop()
      .then(() => dataSource.destroy())
      .then(() => process.exit(0)); // in a worker, ends this thread only
  });
  parentPort!.postMessage('started');
}

main(workerData as RelayWorkerOptions).catch((error: Error) => {
  // The main thread sees the thread end before 'started' (or later) and acts on it.
  process.stderr.write(`${JSON.stringify({ level: 'error', context: 'OutboxRelay', message: 'relay thread failed', error: error.message })}\n`);
  process.exit(1);
});
