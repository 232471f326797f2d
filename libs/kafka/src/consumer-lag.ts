import { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { cachedSample } from '@sa/platform/metrics/cached-sample';
import { registerSampledGauge } from '@sa/platform/metrics/metrics-registry';

export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

type Committed = { topic: string; partitions: { partition: number; offset: string }[] }[];
type Ends = { topic: string; partitions: { partition: number; high: string; low: string }[] }[];

/**
 * Messages not yet consumed per partition: the end offset minus the group's committed offset. A
 * partition the group never committed on counts from its earliest retained offset (the consumer
 * starts from the beginning).
 */
export function consumerLag(committed: Committed, ends: Ends): PartitionLag[] {
  const offsets = new Map<string, string>();
  for (const { topic, partitions } of committed)
    for (const { partition, offset } of partitions) offsets.set(`${topic}/${partition}`, offset);
  return ends.flatMap(({ topic, partitions }) =>
    partitions.map(({ partition, high, low }) => {
      const offset = offsets.get(`${topic}/${partition}`);
      const from = offset === undefined || Number(offset) < 0 ? Number(low) : Number(offset);
      return { topic, partition, lag: Math.max(0, Number(high) - from) };
    }),
  );
}

/**
 * Reads the group's lag through the admin API: connect, the group's offsets and each topic's end
 * offsets, disconnect. Scrapes within `ttlMs` share one read, so a scraper cannot hammer the broker.
 */
export function consumerLagReader(
  kafka: Kafka,
  groupId: string,
  topics: string[],
  ttlMs = 5000,
): () => Promise<PartitionLag[]> {
  return cachedSample(async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const committed = await admin.fetchOffsets({ groupId, topics });
      const ends = await Promise.all(
        topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })),
      );
      return consumerLag(committed, ends);
    } finally {
      await admin.disconnect();
    }
  }, ttlMs);
}

/** `kafka_consumer_lag{topic,partition}`; a broker that cannot be read leaves the gauge empty, the scrape answered. */
export function registerConsumerLagGauge(
  registry: Registry,
  read: () => Promise<PartitionLag[]>,
  onError: (error: Error) => void,
): void {
  registerSampledGauge(
    registry,
    {
      name: 'kafka_consumer_lag',
      help: "Messages not yet consumed: end offset minus the consumer group's committed offset",
      labelNames: ['topic', 'partition'],
    },
    async () => (await read()).map(({ topic, partition, lag }) => ({ labels: { topic, partition }, value: lag })),
    onError,
  );
}
