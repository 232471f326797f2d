import { Kafka } from 'kafkajs';
import { until } from '../infra/wait';

/** Reads whole topics from the start, the way S-Group's and ops' consumers would. */
export class TopicReader {
  private readonly values = new Map<string, Record<string, unknown>[]>();

  private constructor(private readonly kafka: Kafka) {}

  static async open(kafka: Kafka, topics: string[]): Promise<TopicReader> {
    const reader = new TopicReader(kafka);
    topics.forEach((t) => reader.values.set(t, []));
    const consumer = kafka.consumer({ groupId: `demo-reader-${Date.now()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        reader.values.get(topic)!.push(JSON.parse(message.value?.toString('utf8') ?? 'null'));
      },
    });
    reader.close = () => consumer.disconnect();
    return reader;
  }

  close: () => Promise<void> = async () => undefined;

  on<T = Record<string, unknown>>(topic: string): T[] {
    return (this.values.get(topic) ?? []) as T[];
  }

  async waitFor(topic: string, count: number, timeoutMs = 60_000): Promise<void> {
    await until(() => this.on(topic).length >= count, timeoutMs, `${count} message(s) on ${topic}`, 100);
  }
}

/** Waits until a consumer group has committed up to the end of a topic (it has absorbed all input). */
export async function waitForGroupCaughtUp(
  kafka: Kafka,
  groupId: string,
  topic: string,
  timeoutMs = 60_000,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    await until(
      async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return ends.every((end) => {
          const c = committed.partitions.find((p) => p.partition === end.partition);
          return (
            BigInt(end.high) === 0n || (c !== undefined && c.offset !== '-1' && BigInt(c.offset) >= BigInt(end.high))
          );
        });
      },
      timeoutMs,
      `${groupId} to consume ${topic}`,
      200,
    );
  } finally {
    await admin.disconnect();
  }
}
