import { Kafka } from 'kafkajs';

/** Partition numbers of each topic, as the broker reported them once it served them all. */
export type TopicLayout = Map<string, number[]>;

/**
 * Waits until the broker serves every partition of these topics: metadata without errors, a leader
 * for each partition, and that leader answering for its offsets. A topic the controller has created
 * can still be unknown to the broker's metadata for a while on a busy machine; a client that asks
 * then (subscribe, produce) fails with UNKNOWN_TOPIC_OR_PARTITION once its own retries run out.
 * This waits for the condition instead; `timeoutMs` is only a ceiling against waiting forever.
 */
export async function waitForTopicsServed(kafka: Kafka, topics: string[], timeoutMs = 120_000): Promise<TopicLayout> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem: string;
  for (;;) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      const layout = await servedLayout(admin, topics);
      if (typeof layout !== 'string') return layout;
      lastProblem = layout;
    } catch (error) {
      lastProblem = (error as Error).message;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (Date.now() > deadline) {
      const what = `the broker to serve ${topics.join(', ')}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${lastProblem}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Admin = ReturnType<Kafka['admin']>;

/** The layout when every partition is served, else what is still missing. */
async function servedLayout(admin: Admin, topics: string[]): Promise<TopicLayout | string> {
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
  const layout: TopicLayout = new Map();
  for (const topic of topics) {
    const partitions = metadata.find((m) => m.name === topic)?.partitions ?? [];
    if (partitions.length === 0) return `${topic} has no partitions in the metadata yet`;
    const leaderless = partitions.filter((p) => p.leader < 0 || p.partitionErrorCode !== 0);
    const ids = leaderless.map((p) => p.partitionId).join(', ');
    if (leaderless.length > 0) return `${topic} partition(s) ${ids} have no leader yet`;
    layout.set(
      topic,
      partitions.map((p) => p.partitionId).sort((a, b) => a - b),
    );
  }
  // ListOffsets goes to each partition's leader: it fails until the leader hosts the partition.
  for (const topic of topics) await admin.fetchTopicOffsets(topic);
  return layout;
}
