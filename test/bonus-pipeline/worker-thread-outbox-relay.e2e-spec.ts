import { setFlagsFromString } from 'node:v8';
import { DataSource } from 'typeorm';
import { JsonLogger } from '@sa/platform';
import { WorkerThreadOutboxRelay } from '../../apps/bonus-pipeline/src/outbox/worker-thread-outbox-relay';
import { KafkaProbe } from '../support/kafka-probe';
import { createOutboxDatabase } from '../support/outbox-database';
import { kafkaBrokers, TestDatabase, testKafka, uniqueSuffix } from '../support/test-infra';
import { appendToOutbox } from '@sa/outbox';

describe('WorkerThreadOutboxRelay (the relay on its own thread, pg pool and producer)', () => {
  const schema = 'relaythread';
  const topic = `bonus.relay-thread.${uniqueSuffix()}`;
  const probe = new KafkaProbe(testKafka());
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    ({ db, dataSource } = await createOutboxDatabase(schema));
    await probe.createTopics([topic], 1);
    await probe.watch([topic]);
  });

  afterAll(async () => {
    await probe.close();
    await dataSource.destroy();
    await db.drop();
  });

  it(
    'publishes committed rows from its thread within its own small heap, ' +
      'whatever heap flags the service runs with',
    async () => {
      // As the service runs (tools/infra/pipeline-runtime.ts): process-wide flags that would otherwise
      // size the thread's heap too.
      setFlagsFromString('--max-old-space-size=192');
      setFlagsFromString('--max-semi-space-size=16');
      await dataSource.transaction((m) =>
        appendToOutbox(
          m,
          schema,
          [1, 2, 3].map((n) => ({ topic, key: 'member-1', value: JSON.stringify({ n }) })),
        ),
      );
      const relay = new WorkerThreadOutboxRelay(
        {
          databaseUrl: db.url,
          schema,
          brokers: kafkaBrokers().split(','),
          clientId: 'relay-thread-test',
          batchSize: 100,
          idlePollMs: 20,
          logLevel: 'error',
        },
        new JsonLogger('relay-thread-test', 'error'),
      );
      await relay.start();
      const messages = await probe.waitFor(topic, 3);
      await relay.stop();
      expect(messages.map((m) => m.json<{ n: number }>().n)).toEqual([1, 2, 3]);
      expect(await dataSource.query(`SELECT count(*)::int AS n FROM ${schema}.outbox`)).toEqual([{ n: 0 }]);
      // 48 MB old generation + 8 MB young, as WorkerThreadOutboxRelay asks; with the flags it would be 240.
      expect(relay.heapLimitMb).toBeLessThanOrEqual(64);
    },
  );
});
