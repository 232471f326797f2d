import { Kafka } from 'kafkajs';
import { log } from './bench-kafka';

export interface LatencyResult {
  offered: number;
  delivered: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Offers invoices at a fixed rate and times each from just before its produce call to the moment
 * its bonus purchase is readable on the output topic (a consumer's receipt).
 */
export async function measureLatency(
  kafka: Kafka,
  topics: { invoices: string; bonusPurchases: string },
  ratePerSecond: number,
  seconds: number,
  make: (n: number) => { key: string; value: string },
): Promise<LatencyResult> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const consumer = kafka.consumer({ groupId: `bench-latency-${Date.now()}`, maxWaitTimeInMs: 10, minBytes: 1 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.bonusPurchases], fromBeginning: false });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const received = performance.now();
      const { invoiceId } = JSON.parse(message.value!.toString('utf8')) as { invoiceId: string };
      const started = sentAt.get(invoiceId);
      if (started !== undefined) {
        latencies.push(received - started);
        sentAt.delete(invoiceId);
      }
    },
  });
  while (!joined) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 2000)); // let the fetch loop settle at the log end

  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const total = ratePerSecond * seconds;
  const tickMs = 10;
  const perTick = ratePerSecond / (1000 / tickMs);
  const begin = performance.now();
  let sent = 0;
  let lastReport = begin;
  const inflight: Promise<unknown>[] = [];
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - begin) / tickMs + 1) * perTick));
    const messages = [];
    for (; sent < due; sent++) {
      const m = make(sent);
      messages.push(m);
      sentAt.set(m.key, performance.now());
    }
    if (messages.length > 0) inflight.push(producer.send({ topic: topics.invoices, messages, acks: -1 }));
    if (performance.now() - lastReport > 2000) {
      log(`latency: offered ${sent}/${total}, ${latencies.length} delivered`);
      lastReport = performance.now();
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  await Promise.all(inflight);
  const deadline = performance.now() + 30_000;
  while (latencies.length < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
  return {
    offered: total,
    delivered: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: Math.round(sorted[sorted.length - 1] ?? NaN),
  };
}
