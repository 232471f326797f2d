import { Consumer, Kafka, Partitioners, Producer } from 'kafkajs';
import { ensureTopics } from '@sa/kafka';
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

  async createTopics(topics: string[], numPartitions = 3): Promise<void> {
    await ensureTopics(this.kafka, topics.map((topic) => ({ topic, numPartitions })));
  }

  async watch(topics: string[]): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `probe-${uniqueSuffix()}`, maxWaitTimeInMs: 50 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    let assigned = false;
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (assigned = true));
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const value = message.value === null ? null : message.value.toString('utf8');
        this.received.push({ topic, partition, offset: message.offset, key: message.key?.toString('utf8') ?? null, value, json: <T>() => JSON.parse(value ?? 'null') as T });
      },
    });
    await until(() => assigned, 30_000, 'probe consumer joined its group');
  }

  async send(topic: string, messages: { key: string | Buffer | null; value: string | Buffer | null; headers?: Record<string, string | Buffer> }[]): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
      await this.producer.connect();
    }
    await this.producer.send({ topic, messages });
  }

  async sendJson(topic: string, key: string, values: object[]): Promise<void> {
    await this.send(topic, values.map((v) => ({ key, value: JSON.stringify(v) })));
  }

  on(topic: string): ReceivedMessage[] {
    return this.received.filter((m) => m.topic === topic);
  }

  /** Waits until `count` messages arrived on the topic (and returns them). */
  async waitFor(topic: string, count: number, timeoutMs = 30_000): Promise<ReceivedMessage[]> {
    await until(() => this.on(topic).length >= count, timeoutMs, `${count} message(s) on ${topic} (have ${this.on(topic).length})`);
    return this.on(topic);
  }

  async close(): Promise<void> {
    await Promise.all([this.producer?.disconnect(), this.consumer?.disconnect()]);
  }
}
