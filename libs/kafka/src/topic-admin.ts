import { Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
}

/**
 * Creates the topics that do not exist yet (idempotent; existing topics are left as they are).
 * Right after creation kafkajs's wait for leaders can fail with UNKNOWN_TOPIC_OR_PARTITION while the
 * new topic's metadata spreads; asking again settles it, so a few attempts are made.
 */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[], attempts = 6): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await createMissingTopics(kafka, specs);
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}

async function createMissingTopics(kafka: Kafka, specs: TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length === 0) return;
    await admin.createTopics({ topics: missing.map((s) => ({ ...s, replicationFactor: -1 })), waitForLeaders: true });
  } catch (error) {
    // Two instances may create the same topic at once; that is success.
    if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
  } finally {
    await admin.disconnect();
  }
}

/** Readiness: the broker answers a metadata request. */
export async function checkKafka(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
}
