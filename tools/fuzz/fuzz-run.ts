import { createHash } from 'node:crypto';
import { Consumer, Kafka, Producer } from 'kafkajs';
import { DeadLetterEvent } from '@sa/contracts';
import { rawBytesOf } from '@sa/kafka';
import { until } from '../infra/wait';
import { FuzzMessage, FuzzPlan, InputTopic } from './hostile-inputs';

/** Topic names the plan's logical topics stand for, and the output topics to read. */
export interface FuzzTopics {
  inputs: Record<InputTopic, string>;
  bonusPurchases: string;
  invoiceDecisions: string;
  deadLetters: string;
}

export interface SentMessage {
  message: FuzzMessage;
  topic: string;
  partition: number;
  offset: string;
}

/** Requests stay well under the broker's 1 MiB batch limit; a near-maximum value goes alone. */
const REQUEST_BUDGET_BYTES = 600 * 1024;
const REQUEST_MAX_MESSAGES = 500;

/** An idempotent producer: a retried request never writes a message twice, so positions stay exact. */
export async function fuzzProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  return producer;
}

/**
 * Sends the messages in order and returns where each landed: per partition, a request's messages
 * take consecutive offsets from the base offset the broker returns.
 */
export async function sendMessages(
  producer: Producer,
  topics: FuzzTopics,
  messages: FuzzMessage[],
  progress?: (sent: number) => void,
): Promise<SentMessage[]> {
  const sent: SentMessage[] = [];
  let i = 0;
  while (i < messages.length) {
    const chunk: FuzzMessage[] = [];
    let bytes = 0;
    while (i < messages.length && chunk.length < REQUEST_MAX_MESSAGES) {
      const size = (messages[i].value?.length ?? 0) + (messages[i].key?.length ?? 0) + 200;
      if (chunk.length > 0 && bytes + size > REQUEST_BUDGET_BYTES) break;
      chunk.push(messages[i++]);
      bytes += size;
    }
    const byTopic = new Map<InputTopic, FuzzMessage[]>();
    for (const m of chunk) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
    const metadata = await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, ms]) => ({
        topic: topics.inputs[topic],
        messages: ms.map((m) => ({ partition: m.partition, key: m.key, value: m.value, headers: m.headers })),
      })),
    });
    const next = new Map(metadata.map((r) => [`${r.topicName}/${r.partition}`, BigInt(r.baseOffset ?? '0')]));
    for (const [topic, ms] of byTopic) {
      for (const m of ms) {
        const name = topics.inputs[topic];
        const at = next.get(`${name}/${m.partition}`);
        if (at === undefined) throw new Error(`no offset returned for ${name}/${m.partition}`);
        sent.push({ message: m, topic: name, partition: m.partition, offset: at.toString() });
        next.set(`${name}/${m.partition}`, at + 1n);
      }
    }
    progress?.(sent.length);
  }
  return sent;
}

interface Received {
  at: number;
  value: string;
}

/** Reads the pipeline's output topics from the beginning, stamping each message's arrival. */
export class OutputCollector {
  readonly deadLetters: Received[] = [];
  readonly decisions: Received[] = [];
  readonly purchases: Received[] = [];
  private consumer: Consumer | undefined;
  private readonly positions = new Map<string, bigint>();

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: FuzzTopics,
  ) {}

  async start(groupId: string): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 20, maxBytesPerPartition: 2 * 1024 * 1024 });
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [this.topics.deadLetters, this.topics.invoiceDecisions, this.topics.bonusPurchases],
      fromBeginning: true,
    });
    let joined = false;
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (joined = true));
    await this.consumer.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: async ({ topic, partition, message }) => {
        const received = { at: Date.now(), value: message.value?.toString('utf8') ?? 'null' };
        if (topic === this.topics.deadLetters) this.deadLetters.push(received);
        else if (topic === this.topics.invoiceDecisions) this.decisions.push(received);
        else this.purchases.push(received);
        this.positions.set(`${topic}/${partition}`, BigInt(message.offset) + 1n);
      },
    });
    await until(() => joined, 60_000, 'fuzz output collector joined its group');
  }

  /** True once every message written to the output topics so far has been read. */
  async caughtUp(): Promise<boolean> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const topic of [this.topics.deadLetters, this.topics.invoiceDecisions, this.topics.bonusPurchases]) {
        for (const p of await admin.fetchTopicOffsets(topic)) {
          if (BigInt(p.high) > (this.positions.get(`${topic}/${p.partition}`) ?? 0n)) return false;
        }
      }
      return true;
    } finally {
      await admin.disconnect();
    }
  }

  get count(): number {
    return this.deadLetters.length + this.decisions.length + this.purchases.length;
  }

  /** Arrival times of every output message, in order. */
  arrivals(): number[] {
    return [...this.deadLetters, ...this.decisions, ...this.purchases].map((r) => r.at).sort((a, b) => a - b);
  }

  lastArrival(): number {
    return Math.max(
      0,
      ...[this.deadLetters, this.decisions, this.purchases].map((l) => (l.length > 0 ? l[l.length - 1].at : 0)),
    );
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** True once the pipeline's consumer group has committed every input message sent. */
export async function inputsConsumed(kafka: Kafka, groupId: string, sent: SentMessage[]): Promise<boolean> {
  const end = new Map<string, bigint>();
  for (const s of sent) {
    const k = `${s.topic}/${s.partition}`;
    const next = BigInt(s.offset) + 1n;
    if ((end.get(k) ?? 0n) < next) end.set(k, next);
  }
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = [...new Set(sent.map((s) => s.topic))];
    const committed = await admin.fetchOffsets({ groupId, topics });
    const at = new Map<string, bigint>();
    for (const t of committed)
      for (const p of t.partitions) at.set(`${t.topic}/${p.partition}`, BigInt(p.offset === '-1' ? '0' : p.offset));
    return [...end].every(([k, next]) => (at.get(k) ?? 0n) >= next);
  } finally {
    await admin.disconnect();
  }
}

export interface ClassFigures {
  sent: number;
  /** Corrupted: exactly one dead letter with the expected code. Valid: decided or recorded without a dead letter. */
  ok: number;
}

export interface FuzzVerdict {
  corrupted: number;
  deadLettersMatched: number;
  validInvoices: number;
  decisionsMatched: number;
  sumsExact: boolean;
  perClass: Map<string, ClassFigures>;
  /** Everything that is not as the contract says, one line each. */
  problems: string[];
}

interface DecisionLike {
  eventId: string;
  sourceEventId: string;
  /** A late contract change or consent correcting an invoice: not one of the invoices' own decisions. */
  correction?: boolean;
}
interface PurchaseLike {
  eventId: string;
  invoiceId: string;
  memberNumber: string;
  amountCents: number;
}

/**
 * Compares what came out with what was sent: each corrupted message has exactly one dead letter at
 * its own source position, with the expected code, its raw value and key byte-exact (or, cut, with
 * size and SHA-256 of the whole); valid messages have none; each valid invoice one decision; and
 * the net per (member, invoice) over distinct purchase eventIds is exactly the rules' answer.
 */
export function judge(plan: FuzzPlan, sent: SentMessage[], out: OutputCollector, budget = 40): FuzzVerdict {
  const problems: string[] = [];
  const report = (line: string) => problems.push(line);
  const perClass = new Map<string, ClassFigures>();
  const figures = (cls: string) =>
    perClass.get(cls) ?? (perClass.set(cls, { sent: 0, ok: 0 }).get(cls) as ClassFigures);

  const letters = new Map<string, DeadLetterEvent[]>();
  const seenLetterIds = new Set<string>();
  for (const r of out.deadLetters) {
    const l = JSON.parse(r.value) as DeadLetterEvent;
    if (seenLetterIds.has(l.eventId)) continue; // a republished copy of the same letter
    seenLetterIds.add(l.eventId);
    const at = `${l.sourceTopic}/${l.sourcePartition}/${l.sourceOffset}`;
    letters.set(at, [...(letters.get(at) ?? []), l]);
  }
  const decisions = new Map<string, number>();
  const seenDecisionIds = new Set<string>();
  for (const r of out.decisions) {
    const d = JSON.parse(r.value) as DecisionLike;
    if (seenDecisionIds.has(d.eventId) || d.correction) continue;
    seenDecisionIds.add(d.eventId);
    decisions.set(d.sourceEventId, (decisions.get(d.sourceEventId) ?? 0) + 1);
  }

  let corrupted = 0;
  let deadLettersMatched = 0;
  let validInvoices = 0;
  let decisionsMatched = 0;
  const expectedDecisions = new Set<string>();
  for (const s of sent) {
    const at = `${s.topic}/${s.partition}/${s.offset}`;
    const found = letters.get(at) ?? [];
    letters.delete(at);
    const f = figures(s.message.class);
    f.sent++;
    const expect = s.message.expect;
    if (expect.kind === 'dead-letter') {
      corrupted++;
      if (found.length !== 1) {
        report(
          `${s.message.class} at ${at}: ${found.length} dead letters, ` +
            `expected 1 ${expect.code}${describeValue(s.message)}`,
        );
        continue;
      }
      const l = found[0];
      const faults = [
        l.errorCode !== expect.code &&
          `errorCode ${l.errorCode} (${l.errorMessage.slice(0, 160)}), expected ${expect.code}`,
        ...rawValueFaults(l, s.message.value),
        ...keyFaults(l, s.message.key),
      ].filter(Boolean);
      if (faults.length > 0) report(`${s.message.class} at ${at}: ${faults.join('; ')}${describeValue(s.message)}`);
      else {
        deadLettersMatched++;
        f.ok++;
      }
      continue;
    }
    if (found.length > 0) {
      report(
        `${s.message.class} at ${at}: valid, yet dead-lettered ` +
          found.map((l) => `${l.errorCode}: ${l.errorMessage.slice(0, 160)}`).join(', '),
      );
      continue;
    }
    if (expect.kind === 'decision') {
      validInvoices++;
      expectedDecisions.add(expect.eventId);
      const n = decisions.get(expect.eventId) ?? 0;
      if (n !== 1) report(`${s.message.class} at ${at}: ${n} decisions for ${expect.eventId}, expected 1`);
      else {
        decisionsMatched++;
        f.ok++;
      }
    } else f.ok++; // a fact's effect shows in the sums
  }
  for (const [at, ls] of letters)
    report(`dead letter(s) for ${at}, which was not sent by this run: ${ls.map((l) => l.errorCode).join(', ')}`);
  for (const [eventId, n] of decisions)
    if (!expectedDecisions.has(eventId))
      report(`${n} decision(s) for ${eventId}, which is no valid invoice of this run`);

  // Net per (member, invoice), as S-Group sums it: distinct eventIds only.
  const net = new Map<string, Map<string, number>>();
  const seenPurchases = new Set<string>();
  for (const r of out.purchases) {
    const p = JSON.parse(r.value) as PurchaseLike;
    if (seenPurchases.has(p.eventId)) continue;
    seenPurchases.add(p.eventId);
    const perMember = net.get(p.invoiceId) ?? new Map<string, number>();
    perMember.set(p.memberNumber, (perMember.get(p.memberNumber) ?? 0) + p.amountCents);
    net.set(p.invoiceId, perMember);
  }
  let sumsExact = true;
  for (const [invoiceId, expected] of plan.expectedNet) {
    const got = net.get(invoiceId) ?? new Map<string, number>();
    net.delete(invoiceId);
    for (const member of new Set([...expected.keys(), ...got.keys()])) {
      if ((got.get(member) ?? 0) === (expected.get(member) ?? 0)) continue;
      sumsExact = false;
      report(`net of ${invoiceId} for ${member}: ${got.get(member) ?? 0}, expected ${expected.get(member) ?? 0}`);
    }
  }
  for (const [invoiceId, got] of net) {
    if ([...got.values()].some((c) => c !== 0)) {
      sumsExact = false;
      report(`purchases for ${invoiceId}, which is no valid invoice of this run: ${JSON.stringify([...got])}`);
    }
  }
  const shown =
    problems.length > budget ? [...problems.slice(0, budget), `… and ${problems.length - budget} more`] : problems;
  return { corrupted, deadLettersMatched, validInvoices, decisionsMatched, sumsExact, perClass, problems: shown };
}

function rawValueFaults(l: DeadLetterEvent, value: Buffer | null): string[] {
  if (value === null)
    return l.rawValue === null && l.rawValueBytes === 0 ? [] : ['a tombstone must keep rawValue null'];
  const faults: string[] = [];
  const sha = createHash('sha256').update(value).digest('hex');
  if (l.rawValueBytes !== value.length) faults.push(`rawValueBytes ${l.rawValueBytes}, sent ${value.length}`);
  if (l.rawValueSha256 !== sha) faults.push('rawValueSha256 is not the SHA-256 of the bytes sent');
  const kept = rawBytesOf(l.rawValue ?? '', l.rawValueEncoding);
  if (
    l.rawValueTruncated
      ? !(kept.length < value.length && value.subarray(0, kept.length).equals(kept))
      : !kept.equals(value)
  ) {
    faults.push(
      `rawValue (${l.rawValueEncoding}${l.rawValueTruncated ? ', truncated' : ''}) ` +
        `does not decode to ${l.rawValueTruncated ? 'a prefix of ' : ''}the bytes sent`,
    );
  }
  return faults;
}

function keyFaults(l: DeadLetterEvent, key: Buffer | null): string[] {
  if (key === null) return l.sourceKey === null ? [] : ['a null key must stay null'];
  if (l.sourceKey === null) return ['the key was lost'];
  const kept = rawBytesOf(l.sourceKey, l.sourceKeyEncoding);
  const ok = l.sourceKeyTruncated
    ? kept.length < key.length && key.subarray(0, kept.length).equals(kept)
    : kept.equals(key);
  return ok ? [] : [`sourceKey (${l.sourceKeyEncoding}) does not decode to the key sent`];
}

function describeValue(m: FuzzMessage): string {
  if (m.value === null) return ' (value: null)';
  const head = m.value
    .subarray(0, 80)
    .toString('utf8')
    .replace(/[^\x20-\x7e]/g, '·');
  return ` (${m.value.length} bytes: ${head}${m.value.length > 80 ? '…' : ''})`;
}

export interface FuzzRunResult {
  verdict: FuzzVerdict;
  messagesSent: number;
  sendSeconds: number;
  /** From the start of the last send (the sentinel, after everything else) to its decision arriving. */
  sentinelMs: number;
  /** From the start of the last send to the last output message of the run arriving. */
  lastOutputMs: number;
  /** From the start of the last send to the first output message arriving after it: output goes on. */
  firstOutputAfterLastSendMs: number;
  /** The longest silence on the output topics between the run's first output and its last. */
  maxOutputGapMs: number;
  /** From the first send until every input was consumed and every output read. */
  totalSeconds: number;
  parkedOutboxRows: number;
}

export interface FuzzRunOptions {
  kafka: Kafka;
  topics: FuzzTopics;
  /** The pipeline's consumer group, whose committed offsets show what it has consumed. */
  pipelineGroupId: string;
  plan: FuzzPlan;
  /** Rows in the pipeline's outbox: waiting to be published, and parked (refused for good). */
  outbox: () => Promise<{ pending: number; parked: number }>;
  timeoutMs: number;
  log?: (line: string) => void;
}

/**
 * Sends the plan (the sentinel last), then waits (for conditions, never fixed sleeps) until the
 * pipeline has consumed every input, its outbox is empty and every output has been read; then judges.
 */
export async function runFuzz(o: FuzzRunOptions): Promise<FuzzRunResult> {
  const log = o.log ?? (() => undefined);
  const collector = new OutputCollector(o.kafka, o.topics);
  await collector.start(`fuzz-collector-${process.pid}-${Date.now()}`);
  const producer = await fuzzProducer(o.kafka);
  try {
    const started = Date.now();
    let lastReport = 0;
    const sent = await sendMessages(producer, o.topics, o.plan.messages, (n) => {
      if (Date.now() - lastReport < 2000) return;
      lastReport = Date.now();
      log(
        `sent ${n}/${o.plan.messages.length}; ` +
          `out so far: ${collector.deadLetters.length} dead letters, ${collector.decisions.length} decisions`,
      );
    });
    const lastSendAt = Date.now();
    sent.push(...(await sendMessages(producer, o.topics, [o.plan.sentinel])));
    const sendSeconds = (Date.now() - started) / 1000;
    const sentinelId = (o.plan.sentinel.expect as { eventId: string }).eventId;
    const arrivalOf = () =>
      collector.decisions.find((d) => d.value.includes(`"sourceEventId":${JSON.stringify(sentinelId)}`))?.at;
    let sentinelMs = NaN;
    try {
      await until(() => arrivalOf() !== undefined, o.timeoutMs, 'the decision of the invoice sent last', 5);
      sentinelMs = arrivalOf()! - lastSendAt;
    } catch (error) {
      log((error as Error).message);
    }
    log(
      `all ${sent.length} sent in ${sendSeconds.toFixed(1)} s; the last one's decision ` +
        (Number.isNaN(sentinelMs) ? 'did not come' : `came ${sentinelMs} ms after it was sent`),
    );
    let outbox = { pending: -1, parked: 0 };
    lastReport = 0;
    await until(
      async () => {
        outbox = await o.outbox();
        const done =
          outbox.pending === 0 &&
          (await inputsConsumed(o.kafka, o.pipelineGroupId, sent)) &&
          (await collector.caughtUp());
        if (!done && Date.now() - lastReport > 2000) {
          lastReport = Date.now();
          log(
            `waiting: outbox ${outbox.pending} pending, ${outbox.parked} parked; ` +
              `out: ${collector.deadLetters.length} dead letters, ${collector.decisions.length} decisions, ` +
              `${collector.purchases.length} purchases`,
          );
        }
        return done;
      },
      o.timeoutMs,
      'the pipeline to consume every input and publish every output',
      100,
    );
    const totalSeconds = (Date.now() - started) / 1000;
    const verdict = judge(o.plan, sent, collector);
    if (outbox.parked > 0)
      verdict.problems.push(`${outbox.parked} outbox row(s) parked: refused by the broker, never published`);
    const arrivals = collector.arrivals();
    const firstAfter = arrivals.find((at) => at >= lastSendAt);
    const maxOutputGapMs = arrivals.reduce((gap, at, i) => (i === 0 ? 0 : Math.max(gap, at - arrivals[i - 1])), 0);
    return {
      verdict,
      messagesSent: sent.length,
      sendSeconds,
      sentinelMs,
      lastOutputMs: collector.lastArrival() - lastSendAt,
      firstOutputAfterLastSendMs: firstAfter === undefined ? NaN : firstAfter - lastSendAt,
      maxOutputGapMs,
      totalSeconds,
      parkedOutboxRows: outbox.parked,
    };
  } finally {
    await Promise.all([producer.disconnect().catch(() => undefined), collector.stop().catch(() => undefined)]);
  }
}

/** The figures as a table, one row per class, then the totals. */
export function fuzzTable(r: FuzzRunResult): string {
  const rows = [...r.verdict.perClass].sort(([a], [b]) => (a < b ? -1 : 1));
  const width = Math.max(...rows.map(([c]) => c.length), 10);
  const lines = [`${'class'.padEnd(width)}  ${'sent'.padStart(6)}  ${'as expected'.padStart(11)}`];
  for (const [cls, f] of rows)
    lines.push(`${cls.padEnd(width)}  ${String(f.sent).padStart(6)}  ${String(f.ok).padStart(11)}`);
  const v = r.verdict;
  lines.push(
    '',
    `messages sent                 ${r.messagesSent} in ${r.sendSeconds.toFixed(1)} s`,
    `corrupted → one dead letter   ${v.deadLettersMatched}/${v.corrupted} matched by topic, partition and offset ` +
      '(code, raw value, key checked)',
    `valid invoices → one decision ${v.decisionsMatched}/${v.validInvoices}`,
    `valid sums exact              ${v.sumsExact ? 'yes' : 'NO'}`,
    'last send → first output      ' +
      (Number.isNaN(r.firstOutputAfterLastSendMs) ? 'never' : `${r.firstOutputAfterLastSendMs} ms`),
    `longest output silence        ${r.maxOutputGapMs} ms (first output to last)`,
    `last send → its decision      ${Number.isNaN(r.sentinelMs) ? 'never' : `${r.sentinelMs} ms`} ` +
      '(queued behind the backlog of its partition)',
    `last send → last output       ${r.lastOutputMs} ms`,
    `throughput                    ${Math.round(r.messagesSent / r.totalSeconds)} input messages/s ` +
      `(${r.totalSeconds.toFixed(1)} s from first send to all output read)`,
    `parked outbox rows            ${r.parkedOutboxRows}`,
    `problems                      ${v.problems.length === 0 ? 'none' : v.problems.length}`,
  );
  return lines.join('\n');
}
