import { INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { ConsumerHealth, ConsumesTopic, KafkaBatchHandler, KafkaBatchTransport, RawMessage } from '@sa/kafka';
import { KafkaProbe, until } from '../support/kafka-probe';
import { testKafka, uniqueSuffix } from '../support/test-infra';

const seen: RawMessage[] = [];
const deadLetters: { message: RawMessage; error: Error }[] = [];
let transientFailuresLeft = 0;
/** Values the handler cannot process, whatever batch they are in (a fault of the message, or of ours). */
let refused = (value: string) => value.startsWith('poison');

function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
}

@KafkaBatchHandler()
class EchoHandler {
  // The test's own topic stands in for the invoices topic: the handler only echoes raw messages.
  @ConsumesTopic('invoices')
  async handle(@Payload() batch: RawMessage[]): Promise<void> {
    if (transientFailuresLeft > 0) {
      transientFailuresLeft--;
      throw connectionRefused();
    }
    const bad = batch.find((m) => refused(m.value?.toString('utf8') ?? ''));
    if (bad) throw new Error(`cannot process ${bad.value?.toString('utf8')}`);
    seen.push(...batch);
  }
}

@Module({ controllers: [EchoHandler] })
class EchoModule {}

const valueOf = (m: RawMessage) => m.value?.toString('utf8');

describe('KafkaBatchTransport through the real broker', () => {
  const kafka = testKafka();
  const probe = new KafkaProbe(kafka);
  let topic: string;
  let groupId: string;
  let health: ConsumerHealth;

  async function startConsumer(): Promise<INestMicroservice> {
    const strategy = new KafkaBatchTransport({
      kafka,
      groupId,
      topics: { invoices: topic },
      maxBatchSize: 100,
      retryDelayMs: 50,
      maxRetryDelayMs: 200,
      poisonStreakLimit: 3,
      health,
      deadLetter: async (message, error) => void deadLetters.push({ message, error }),
    });
    const app = await NestFactory.createMicroservice(EchoModule, { strategy, logger: false });
    await app.listen();
    return app;
  }

  afterAll(() => probe.close());
  beforeEach(async () => {
    topic = `foundation.greetings.${uniqueSuffix()}`;
    groupId = `foundation-${uniqueSuffix()}`;
    health = new ConsumerHealth();
    seen.length = 0;
    deadLetters.length = 0;
    transientFailuresLeft = 0;
    refused = (value) => value.startsWith('poison');
    await probe.createTopics([topic], 1);
  });

  it('delivers a produced message to the @EventPattern handler with its key bytes, offset and raw value', async () => {
    const app = await startConsumer();
    await probe.send(topic, [{ key: Buffer.from([0x6b, 0x00, 0xff]), value: '{"hello":"world"}' }]);
    await until(() => seen.length === 1, 60_000, 'the message to arrive');
    expect(seen[0]).toMatchObject({ topic, offset: '0' });
    expect(seen[0].key).toEqual(Buffer.from([0x6b, 0x00, 0xff]));
    expect(valueOf(seen[0])).toBe('{"hello":"world"}');
    await app.close();
  });

  it(
    'retries a transiently failing batch instead of skipping it, ' + 'then commits so a restart does not redeliver',
    async () => {
      transientFailuresLeft = 3;
      const app = await startConsumer();
      await probe.send(topic, [{ key: 'k-2', value: 'second' }]);
      await until(() => seen.some((m) => valueOf(m) === 'second'), 60_000, 'the retried message');
      expect(transientFailuresLeft).toBe(0);
      expect(deadLetters).toEqual([]);
      await app.close();

      seen.length = 0;
      const again = await startConsumer();
      await probe.send(topic, [{ key: 'k-3', value: 'third' }]);
      await until(() => seen.some((m) => valueOf(m) === 'third'), 60_000, 'the next message');
      // Offsets of the first two were committed: only the new one comes.
      expect(seen.map(valueOf)).toEqual(['third']);
      await again.close();
    },
  );

  it('narrows a failing batch down to the message at fault: it becomes a dead letter and the rest go on', async () => {
    const values = ['a', 'b', 'poison-1', 'c', 'd', 'e', 'poison-2', 'f'];
    await probe.send(
      topic,
      values.map((value) => ({ key: value, value })),
    );
    const app = await startConsumer();
    await until(() => seen.length === 6 && deadLetters.length === 2, 60_000, 'six handled and two dead letters');
    expect(seen.map(valueOf)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(deadLetters.map((d) => [d.message.offset, d.error.message])).toEqual([
      ['2', 'cannot process poison-1'],
      ['6', 'cannot process poison-2'],
    ]);
    expect(await health.check().then(() => 'ready')).toBe('ready');
    await app.close();
  });

  it(
    'pauses and reports unhealthy when many messages in a row fail the same way, ' +
      'and resumes once the fault is fixed',
    async () => {
      refused = () => true; // a fault of ours: nothing goes through
      await probe.send(
        topic,
        ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((value) => ({ key: value, value })),
      );
      const app = await startConsumer();
      const unhealthy = () =>
        health.check().then(
          () => false,
          () => true,
        );
      await until(unhealthy, 60_000, 'the consumer to pause');
      await expect(health.check()).rejects.toThrow(/consumer paused at .*@3: messages keep failing the same way/);
      // Only the streak's first messages were dead-lettered; the stream after them was not.
      expect(deadLetters.map((d) => valueOf(d.message))).toEqual(['m1', 'm2', 'm3']);

      refused = () => false; // the fault is fixed
      await until(() => seen.length === 3, 60_000, 'the paused messages to go through');
      expect(seen.map(valueOf)).toEqual(['m4', 'm5', 'm6']);
      expect(await unhealthy()).toBe(false);
      await app.close();
    },
  );
});
