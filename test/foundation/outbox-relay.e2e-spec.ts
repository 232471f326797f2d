import { DataSource } from 'typeorm';
import { PgPoolTransactions, SqlTransactions, typeOrmTransactions } from '@sa/persistence';
import { JsonLogger } from '@sa/platform';
import { KafkaProbe, until } from '../support/kafka-probe';
import { createOutboxDatabase } from '../support/outbox-database';
import { TestDatabase, testKafka, uniqueSuffix } from '../support/test-infra';
import { appendToOutbox, listParkedOutboxRows, OutboxRelay, republishParkedOutboxRows } from '@sa/outbox';

// Once over the services' TypeORM pool, once over the bare pg pool the relay thread uses.
describe.each(['TypeORM', 'pg pool'])('OutboxRelay over the %s against the real PostgreSQL and broker', (pool) => {
  const schema = 'relaytest';
  const topic = `foundation.outbox.${uniqueSuffix()}`;
  const kafka = testKafka();
  const logger = new JsonLogger('outbox-relay-test', 'error');
  const probe = new KafkaProbe(kafka);
  let db: TestDatabase;
  let dataSource: DataSource;
  let transactions: SqlTransactions;
  let pgPool: PgPoolTransactions | undefined;

  beforeAll(async () => {
    ({ db, dataSource } = await createOutboxDatabase(schema));
    await probe.createTopics([topic], 1);
    await probe.watch([topic]);
    if (pool === 'pg pool')
      pgPool = new PgPoolTransactions({
        url: db.url,
        poolSize: 1,
        applicationName: 'relay-test',
        onConnectionError: () => undefined,
      });
    transactions = pgPool ?? typeOrmTransactions(dataSource);
  });

  afterAll(async () => {
    await probe.close();
    await pgPool?.end();
    await dataSource.destroy();
    await db.drop();
  });

  it(
    'publishes committed rows in id order (past id 9 and 99: ids are numbers), exactly once, ' +
      'and empties the outbox',
    async () => {
      const numbers = Array.from({ length: 120 }, (_, i) => i + 1);
      await dataSource.transaction((m) =>
        appendToOutbox(
          m,
          schema,
          numbers.map((n) => ({ topic, key: 'customer-1', value: JSON.stringify({ n }), headers: { n: String(n) } })),
        ),
      );
      const relay = new OutboxRelay({ transactions, schema, kafka, idlePollMs: 20, logger });
      await relay.start();
      const messages = await probe.waitFor(topic, numbers.length);
      await relay.stop();
      expect(messages.map((m) => m.json<{ n: number }>().n)).toEqual(numbers);
      expect(await dataSource.query(`SELECT count(*)::int AS n FROM ${schema}.outbox`)).toEqual([{ n: 0 }]);
    },
  );

  it('publishes nothing from a rolled-back transaction', async () => {
    const before = probe.on(topic).length;
    await expect(
      dataSource.transaction(async (m) => {
        await appendToOutbox(m, schema, [{ topic, key: 'c', value: '"rolled back"' }]);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const relay = new OutboxRelay({ transactions, schema, kafka, idlePollMs: 20, logger });
    await relay.start();
    await dataSource.transaction((m) => appendToOutbox(m, schema, [{ topic, key: 'c', value: '"committed"' }]));
    const messages = await probe.waitFor(topic, before + 1);
    await relay.stop();
    expect(messages.slice(before).map((m) => m.value)).toEqual(['"committed"']);
  });

  it('keeps rows in the outbox while the relay is stopped, and sends them once it runs again', async () => {
    const before = probe.on(topic).length;
    await dataSource.transaction((m) => appendToOutbox(m, schema, [{ topic, key: 'c', value: '"waiting"' }]));
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM ${schema}.outbox`)).toEqual([{ n: 1 }]);
    const relay = new OutboxRelay({ transactions, schema, kafka, idlePollMs: 20, logger });
    await relay.start();
    await probe.waitFor(topic, before + 1);
    await relay.stop();
    // A later row with the same key lands on the same partition after anything the first relay sent.
    await dataSource.transaction((m) => appendToOutbox(m, schema, [{ topic, key: 'c', value: '"marker"' }]));
    const again = new OutboxRelay({ transactions, schema, kafka, idlePollMs: 20, logger });
    await again.start();
    await until(() => probe.on(topic).some((m) => m.value === '"marker"'), 60_000, 'the marker');
    await again.stop();
    expect(
      probe
        .on(topic)
        .slice(before)
        .map((m) => m.value),
    ).toEqual(['"waiting"', '"marker"']);
  });

  it('parks a row the broker refuses after its attempts, while the rows before and after it go out', async () => {
    // A topic that takes messages of at most 1,000 bytes: the 3,000-byte row is refused by the broker itself.
    const strict = `foundation.outbox.strict.${uniqueSuffix()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: strict, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '1000' }] }],
    });
    await admin.disconnect();
    const watcher = new KafkaProbe(kafka);
    await watcher.watch([strict]);
    await dataSource.transaction((m) =>
      appendToOutbox(m, schema, [
        { topic: strict, key: 'k', value: '"before"' },
        { topic: strict, key: 'k', value: JSON.stringify('x'.repeat(3000)) },
        { topic: strict, key: 'k', value: '"after"' },
      ]),
    );
    const relay = new OutboxRelay({ transactions, schema, kafka, idlePollMs: 20, maxAttempts: 3, logger });
    await relay.start();
    await watcher.waitFor(strict, 2);
    await until(
      async () => (await transactions.run((q) => listParkedOutboxRows(q, schema))).length === 1,
      60_000,
      'the refused row to be parked',
    );
    await relay.stop();
    expect(watcher.on(strict).map((m) => m.value)).toEqual(['"before"', '"after"']);
    const [parked] = await transactions.run((q) => listParkedOutboxRows(q, schema));
    expect(parked).toMatchObject({ topic: strict, attempts: 3, payloadBytes: 3002 });
    expect(parked.lastError).toMatch(/too large|larger/i);

    // Once ops fix the cause (here: the topic's limit), the command puts it back in line and it goes out.
    const fix = kafka.admin();
    await fix.connect();
    await fix.alterConfigs({
      validateOnly: false,
      resources: [{ type: 2, name: strict, configEntries: [{ name: 'max.message.bytes', value: '100000' }] }],
    });
    await fix.disconnect();
    expect(await transactions.run((q) => republishParkedOutboxRows(q, schema))).toBe(1);
    const again = new OutboxRelay({ transactions, schema, kafka, idlePollMs: 20, logger });
    await again.start();
    await watcher.waitFor(strict, 3);
    await again.stop();
    await watcher.close();
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM ${schema}.outbox`)).toEqual([{ n: 0 }]);
  });

  it(
    'parks at once a row larger than any message may be, ' + 'and publishes many large rows in bounded requests',
    async () => {
      const before = probe.on(topic).length;
      const large = (n: number) => JSON.stringify({ n, pad: 'y'.repeat(400_000) });
      await dataSource.transaction((m) =>
        appendToOutbox(m, schema, [
          { topic, key: 'same-key', value: JSON.stringify({ n: -1, pad: 'z'.repeat(1_200_000) }) },
          ...Array.from({ length: 12 }, (_, n) => ({ topic, key: 'same-key', value: large(n) })),
        ]),
      );
      const relay = new OutboxRelay({ transactions, schema, kafka, idlePollMs: 20, logger });
      await relay.start();
      const messages = await probe.waitFor(topic, before + 12, 120_000);
      await relay.stop();
      expect(messages.slice(before).map((m) => m.json<{ n: number }>().n)).toEqual([...Array(12).keys()]);
      const parked = await transactions.run((q) => listParkedOutboxRows(q, schema));
      expect(parked.filter((p) => p.topic === topic)).toEqual([
        expect.objectContaining({ attempts: 1, payloadBytes: 1_200_017 }),
      ]);
      expect(parked.find((p) => p.topic === topic)?.lastError).toMatch(/larger than the 1000000/);
    },
  );
});
