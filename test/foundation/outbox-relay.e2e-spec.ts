import { DataSource } from 'typeorm';
import { OutboxRelay } from '@sa/kafka';
import { appendToOutbox, PgPoolTransactions, SqlTransactions, typeOrmTransactions } from '@sa/persistence';
import { JsonLogger } from '@sa/platform';
import { KafkaProbe } from '../support/kafka-probe';
import { createOutboxDatabase } from '../support/outbox-database';
import { TestDatabase, testKafka, uniqueSuffix } from '../support/test-infra';

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
    if (pool === 'pg pool') pgPool = new PgPoolTransactions({ url: db.url, poolSize: 1, applicationName: 'relay-test', onConnectionError: () => undefined });
    transactions = pgPool ?? typeOrmTransactions(dataSource);
  });

  afterAll(async () => {
    await probe.close();
    await pgPool?.end();
    await dataSource.destroy();
    await db.drop();
  });

  it('publishes committed rows in order, exactly once, and empties the outbox', async () => {
    await dataSource.transaction((m) =>
      appendToOutbox(m, schema, [1, 2, 3].map((n) => ({ topic, key: 'customer-1', value: JSON.stringify({ n }), headers: { n: String(n) } }))),
    );
    const relay = new OutboxRelay({ transactions, schema, kafka, idlePollMs: 20, logger });
    await relay.start();
    const messages = await probe.waitFor(topic, 3);
    await relay.stop();
    expect(messages.map((m) => m.json<{ n: number }>().n)).toEqual([1, 2, 3]);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM ${schema}.outbox`)).toEqual([{ n: 0 }]);
  });

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
    await new Promise((r) => setTimeout(r, 300));
    expect(probe.on(topic).slice(before).map((m) => m.value)).toEqual(['"waiting"']);
  });
});
