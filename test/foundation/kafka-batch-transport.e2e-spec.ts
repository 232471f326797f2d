import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { KafkaBatchTransport, RawMessage } from '@sa/kafka';
import { KafkaProbe, until } from '../support/kafka-probe';
import { testKafka, uniqueSuffix } from '../support/test-infra';

const seen: RawMessage[] = [];
let failuresLeft = 0;

@Controller()
class EchoHandler {
  @EventPattern('greetings')
  async handle(@Payload() batch: RawMessage[]): Promise<void> {
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new Error('database briefly unavailable');
    }
    seen.push(...batch);
  }
}

@Module({ controllers: [EchoHandler] })
class EchoModule {}

describe('KafkaBatchTransport through the real broker', () => {
  const topic = `foundation.greetings.${uniqueSuffix()}`;
  const groupId = `foundation-${uniqueSuffix()}`;
  const kafka = testKafka();
  const probe = new KafkaProbe(kafka);

  async function startConsumer(): Promise<INestMicroservice> {
    const strategy = new KafkaBatchTransport({ kafka, groupId, topics: { greetings: topic }, maxBatchSize: 100, retryDelayMs: 100 });
    const app = await NestFactory.createMicroservice(EchoModule, { strategy, logger: false });
    await app.listen();
    return app;
  }

  beforeAll(() => probe.createTopics([topic], 2));
  afterAll(() => probe.close());
  beforeEach(() => {
    seen.length = 0;
    failuresLeft = 0;
  });

  it('delivers a produced message to the @EventPattern handler with its key, offset and raw bytes', async () => {
    const app = await startConsumer();
    await probe.send(topic, [{ key: 'k-1', value: '{"hello":"world"}' }]);
    await until(() => seen.length === 1, 30_000, 'the message to arrive');
    expect(seen[0]).toMatchObject({ topic, key: 'k-1', offset: '0' });
    expect(seen[0].value?.toString('utf8')).toBe('{"hello":"world"}');
    await app.close();
  });

  it('retries a failing batch instead of skipping it, then commits so a restart does not redeliver', async () => {
    failuresLeft = 2;
    const app = await startConsumer();
    await probe.send(topic, [{ key: 'k-2', value: 'second' }]);
    await until(() => seen.some((m) => m.key === 'k-2'), 30_000, 'the retried message');
    expect(failuresLeft).toBe(0);
    await app.close();

    seen.length = 0;
    const again = await startConsumer();
    await probe.send(topic, [{ key: 'k-3', value: 'third' }]);
    await until(() => seen.some((m) => m.key === 'k-3'), 30_000, 'the next message');
    // Offsets of the first two were committed: only the new one comes.
    expect(seen.map((m) => m.key)).toEqual(['k-3']);
    await again.close();
  });
});
