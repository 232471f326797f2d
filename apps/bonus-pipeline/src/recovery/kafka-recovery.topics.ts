import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { SentPurchase } from '../domain/sent-purchases';
import { InputHorizon, RecoveryTopics } from './recovery-topics.port';

/** Adapter: the broker's side of a recovery, with kafkajs (admin calls and one throwaway reading group). */
export class KafkaRecoveryTopics implements RecoveryTopics {
  constructor(private readonly kafka: Kafka) {}

  async readToEnd(topic: string, each: (purchase: SentPurchase) => void): Promise<void> {
    const ends = new Map(
      (await this.endOffsetsOf(topic)).filter((p) => p.endOffset > p.startOffset).map((p) => [p.partition, p]),
    );
    if (ends.size === 0) return;
    // A group of its own, deleted after: it reads from the start and never touches the pipeline's group.
    const groupId = `bonus-recovery-read-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            eachBatch: async ({ batch }) => {
              const end = ends.get(batch.partition);
              for (const message of batch.messages) {
                if (end && BigInt(message.offset) >= end.endOffset) break;
                if (message.value) each(JSON.parse(message.value.toString('utf8')) as SentPurchase);
              }
              const last = batch.messages.at(-1);
              if (end && last && BigInt(last.offset) + 1n >= end.endOffset) ends.delete(batch.partition);
              if (ends.size === 0) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
      const admin = this.kafka.admin();
      await admin.connect();
      await admin.deleteGroups([groupId]).catch(() => undefined); // best effort: an idle group expires anyway
      await admin.disconnect();
    }
  }

  async endOffsets(topics: string[]): Promise<InputHorizon> {
    const horizon: InputHorizon = [];
    for (const topic of topics)
      for (const p of await this.endOffsetsOf(topic)) {
        // A partition with nothing left to read (empty, or all of it past retention) is reached from the start.
        const endOffset = p.endOffset > p.startOffset ? p.endOffset.toString() : '0';
        horizon.push({ topic, partition: p.partition, endOffset });
      }
    return horizon;
  }

  /**
   * Deletes the group (its committed offsets). A member that died keeps the group non-empty until its session
   * expires, so a refusal is retried every second for up to `waitMs`.
   */
  async rewind(groupId: string, waitMs = 120_000): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const deadline = Date.now() + waitMs; ;) {
        const groups = await admin.listGroups();
        if (!groups.groups.some((g) => g.groupId === groupId)) return;
        try {
          await admin.deleteGroups([groupId]);
          return;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    } finally {
      await admin.disconnect();
    }
  }

  async reached(groupId: string, horizon: InputHorizon): Promise<boolean> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const topics = [...new Set(horizon.map((h) => h.topic))];
      const committed = new Map<string, bigint>();
      for (const t of await admin.fetchOffsets({ groupId, topics }))
        for (const p of t.partitions) committed.set(`${t.topic}/${p.partition}`, BigInt(p.offset));
      return horizon.every(
        (h) => BigInt(h.endOffset) === 0n || (committed.get(`${h.topic}/${h.partition}`) ?? -1n) >= BigInt(h.endOffset),
      );
    } finally {
      await admin.disconnect();
    }
  }

  private async endOffsetsOf(topic: string) {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(topic)).map((p) => ({
        partition: p.partition,
        startOffset: BigInt(p.low),
        endOffset: BigInt(p.high),
      }));
    } finally {
      await admin.disconnect();
    }
  }
}
