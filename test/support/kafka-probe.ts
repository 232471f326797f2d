import { Consumer, Kafka, Partitioners, Producer } from 'kafkajs';
import { ensureTopics } from '@sa/kafka';
import { waitForTopicsServed } from '../../tools/infra/topic-readiness';
import { until } from '../../tools/infra/wait';
import { uniqueSuffix } from './test-infra';

export { until };

export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  json<T = Record<string, unknown>>(): T;
}

/** Produces test input and records everything on the watched topics, through the real broker. */
export class KafkaProbe {
  readonly received: ReceivedMessage[] = [];
  private producer: Producer | undefined;
  private consumer: Consumer | undefined;

  constructor(private readonly kafka: Kafka) {}

  /** Creates the topics (if missing) and returns once the broker serves every partition of them. */
  async createTopics(topics: string[], numPartitions = 3): Promise<void> {
    await ensureTopics(
      this.kafka,
      topics.map((topic) => ({ topic, numPartitions })),
    );
    await waitForTopicsServed(this.kafka, topics);
  }

  /**
   * Records everything on these (existing) topics from their beginning. Returns once the broker
   * serves every partition and this consumer holds an assignment covering all of them: conditions,
   * each with a generous ceiling, rather than the client's own retry budget, which a busy machine
   * can exhaust while a new topic's metadata spreads.
   */
  async watch(topics: string[]): Promise<void> {
    const layout = await waitForTopicsServed(this.kafka, topics);
    const consumer = this.kafka.consumer({ groupId: `probe-${uniqueSuffix()}`, maxWaitTimeInMs: 50 });
    this.consumer = consumer;
    let assignment: Record<string, number[]> = {};
    let crash = '';
    consumer.on(consumer.events.GROUP_JOIN, (e) => (assignment = e.payload.memberAssignment));
    consumer.on(consumer.events.CRASH, (e) => {
      crash = `; the consumer crashed: ${e.payload.error.message} (restart: ${e.payload.restart})`;
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const value = message.value === null ? null : message.value.toString('utf8');
        const key = message.key?.toString('utf8') ?? null;
        const json = <T>() => JSON.parse(value ?? 'null') as T;
        this.received.push({ topic, partition, offset: message.offset, key, value, json });
      },
    });
    // The only member of its group, so its assignment must cover every partition of every topic.
    const covered = () => [...layout].every(([topic, parts]) => parts.every((p) => assignment[topic]?.includes(p)));
    const have = () => `its assignment to cover ${topics.join(', ')} (has ${JSON.stringify(assignment)}${crash})`;
    await until(covered, 120_000, have);
  }

  async send(
    topic: string,
    messages: {
      key: string | Buffer | null;
      value: string | Buffer | null;
      headers?: Record<string, string | Buffer>;
    }[],
  ): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await this.producer.connect();
    }
    await this.producer.send({ topic, messages });
  }

  async sendJson(topic: string, key: string, values: object[]): Promise<void> {
    await this.send(
      topic,
      values.map((v) => ({ key, value: JSON.stringify(v) })),
    );
  }

  on(topic: string): ReceivedMessage[] {
    return this.received.filter((m) => m.topic === topic);
  }

  /** Waits until `count` messages arrived on the topic (and returns them). */
  async waitFor(topic: string, count: number, timeoutMs = 60_000): Promise<ReceivedMessage[]> {
    await until(
      () => this.on(topic).length >= count,
      timeoutMs,
      `${count} message(s) on ${topic} (have ${this.on(topic).length})`,
    );
    return this.on(topic);
  }

  async close(): Promise<void> {
    await Promise.all([this.producer?.disconnect(), this.consumer?.disconnect()]);
  }
}
