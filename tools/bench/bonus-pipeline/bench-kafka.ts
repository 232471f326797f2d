import { Kafka, Producer } from 'kafkajs';

export const log = (line: string) =>
  process.stdout.write(`[bench] ${new Date().toISOString().slice(11, 19)} ${line}\n`);

/** Produces `count` generated messages as fast as the broker takes them, in large batches. */
export async function produceAll(
  producer: Producer,
  topic: string,
  count: number,
  make: (i: number) => { key: string; value: string },
  label: string,
): Promise<void> {
  const chunk = 5000;
  let lastReport = Date.now();
  for (let start = 0; start < count; start += chunk) {
    const messages = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) messages.push(make(i));
    await producer.send({ topic, messages, acks: 1 });
    if (Date.now() - lastReport > 2000) {
      log(`${label}: produced ${Math.min(count, start + chunk)}/${count}`);
      lastReport = Date.now();
    }
  }
}

/** Messages on a topic so far (sum of partition high watermarks). */
export async function topicSize(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, o) => sum + Number(o.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until `target` messages are on `topic`, printing progress; returns the throughput from the
 * first output message to the last (start-up and group join excluded, as for the passthrough).
 */
export async function measureOutput(
  kafka: Kafka,
  topic: string,
  baseline: number,
  target: number,
  label: string,
  timeoutMs: number,
): Promise<{ perSecond: number; seconds: number }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    let first: number | undefined;
    let lastReport = 0;
    for (;;) {
      const size = (await admin.fetchTopicOffsets(topic)).reduce((sum, o) => sum + Number(o.high), 0) - baseline;
      const now = Date.now();
      if (size > 0 && first === undefined) first = now;
      if (size >= target) {
        const seconds = (now - (first ?? now)) / 1000;
        return { perSecond: seconds > 0 ? target / seconds : target, seconds };
      }
      if (now - lastReport > 2000) {
        const rate = first !== undefined && now > first ? Math.round(size / ((now - first) / 1000)) : 0;
        log(`${label}: ${size}/${target} out (${rate}/s so far)`);
        lastReport = now;
      }
      if (now > deadline) throw new Error(`${label}: only ${size}/${target} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

/** The ceiling: a bare kafkajs consumer that forwards every batch to another topic, nothing else. */
export async function runPassthrough(
  kafka: Kafka,
  from: string,
  to: string,
  count: number,
  timeoutMs: number,
): Promise<{ perSecond: number; seconds: number }> {
  const consumer = kafka.consumer({ groupId: `bench-passthrough-${Date.now()}`, maxWaitTimeInMs: 100 });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topics: [from], fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 2,
    eachBatch: async ({ batch }) => {
      await producer.send({
        topic: to,
        acks: -1,
        messages: batch.messages.map((m) => ({ key: m.key, value: m.value })),
      });
    },
  });
  try {
    return await measureOutput(kafka, to, 0, count, 'passthrough', timeoutMs);
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
}
