import { DataSource } from 'typeorm';
import { OutboxRelay } from '@sa/kafka';
import { appendToOutbox, outboxDdl } from '@sa/persistence';
import { KafkaProbe } from '../support/kafka-probe';
import { createTestDatabase, TestDatabase, testKafka, uniqueSuffix } from '../support/test-infra';

describe('OutboxRelay against the real PostgreSQL and broker', () => {
  const schema = 'relaytest';
  const topic = `foundation.outbox.${uniqueSuffix()}`;
  const kafka = testKafka();
  const probe = new KafkaProbe(kafka);
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    await dataSource.query(`CREATE SCHEMA ${schema}`);
    for (const sql of outboxDdl.up(schema)) await dataSource.query(sql);
    await probe.createTopics([topic], 1);
    await probe.watch([topic]);
  });

  afterAll(async () => {
    await probe.close();
    await dataSource.destroy();
    await db.drop();
  });

  it('publishes committed rows in order, exactly once, and empties the outbox', async () => {
    await dataSource.transaction((m) =>
      appendToOutbox(m, schema, [1, 2, 3].map((n) => ({ topic, key: 'customer-1', value: JSON.stringify({ n }), headers: { n: String(n) } }))),
    );
    const relay = new OutboxRelay({ dataSource, schema, kafka, idlePollMs: 20 });
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
    const relay = new OutboxRelay({ dataSource, schema, kafka, idlePollMs: 20 });
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
    const relay = new OutboxRelay({ dataSource, schema, kafka, idlePollMs: 20 });
    await relay.start();
    await probe.waitFor(topic, before + 1);
    await relay.stop();
    await new Promise((r) => setTimeout(r, 300));
    expect(probe.on(topic).slice(before).map((m) => m.value)).toEqual(['"waiting"']);
  });
});
