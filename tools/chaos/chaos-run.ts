import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { resolveTopicNames, TopicNames } from '@sa/contracts';
import { KafkaBroker } from '../infra/kafka-broker';
import { freePort } from '../infra/free-port';
import { startPostgresCluster } from '../infra/postgres-cluster';
import { createDatabase, freshDatabaseName } from '../infra/postgres-server';
import { PIPELINE_ENV, PIPELINE_NODE_ARGS } from '../infra/pipeline-runtime';
import { ServiceProcess, startServiceProcess } from '../infra/service-process';
import { until } from '../infra/wait';
import { ChaosOutputs, ChaosVerdict, checkChaosOutputs } from './chaos-check';
import { chaosWorkload, InputMessage, seededRandom } from './chaos-workload';
import { expectedBonus } from './reference-rules';

export interface ChaosOptions {
  invoices: number;
  /** SIGKILLs of the second instance (each followed by a restart). */
  kills: number;
  brokerRestarts: number;
  postgresRestarts: number;
  relayKills: number;
  seed: number;
  /** Give up when no new output arrives for this long (a stall is a finding, not a hang). */
  stallMs: number;
  log: (line: string) => void;
}

export interface ChaosFault {
  kind: 'kill' | 'broker restart' | 'postgres restart' | 'relay kill';
  /** Planned: the share of the inputs decided at which it happens. */
  at: number;
  /** The share decided when it did happen (outputs can jump past several planned moments at once). */
  happenedAt?: number;
  /** How long the fault took to heal (the instance ready, the server back), ms. */
  tookMs?: number;
}

export interface ChaosReport {
  options: Omit<ChaosOptions, 'log'>;
  sent: { messages: number; invoices: number; creditNotes: number; contractChanges: number; consentEvents: number };
  workload: ReturnType<typeof chaosWorkload>['counts'];
  faults: ChaosFault[];
  /** Pipeline processes that exited without being killed by the run (each restarted). */
  unexpectedExits: number;
  deadlockLogLines: number;
  transientRetryLogLines: number;
  /** pg_stat_database.deadlocks of the run's database. */
  deadlocks: number;
  elapsedMs: number;
  /** True when every input was decided and every sum matched before the run stopped waiting. */
  settled: boolean;
  verdict: ChaosVerdict;
}

const GROUP = 'bonus-pipeline-chaos';

/**
 * A chaos run: its own Kafka broker and PostgreSQL cluster (so it may restart them), two pipeline
 * processes in one consumer group, the workload sent in shuffled cross-topic order, and faults at
 * random moments (by share of inputs decided): the second instance SIGKILLed and restarted, the
 * broker and PostgreSQL restarted, the first instance's relay thread killed. Then the outputs are
 * read from the start and checked against an independent evaluation of the rules.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const { log } = options;
  const run = `x${randomBytes(3).toString('hex')}`;
  const workload = chaosWorkload(run, options.invoices, options.seed);
  const expected = expectedBonus(workload.invoices, workload.creditNotes, workload.contracts, workload.consents);
  log(
    `workload: ${workload.messages.length} messages (${workload.invoices.length} invoices, ` +
      `${workload.creditNotes.length} credit notes, ${workload.malformed.size} malformed), seed ${options.seed}`,
  );
  const [broker, postgres] = await Promise.all([
    KafkaBroker.start({ heapMb: 512, log }),
    startPostgresCluster({}, log),
  ]);
  const cleanups: (() => Promise<unknown>)[] = [() => broker.stop(), () => postgres.stop()];
  try {
    const databaseUrl = await createDatabase(postgres.adminUrl, freshDatabaseName('chaos'));
    const topics = resolveTopicNames({});
    const env = {
      ...PIPELINE_ENV,
      KAFKA_BROKERS: broker.bootstrapServers,
      DATABASE_URL: databaseUrl,
      KAFKA_GROUP_ID: GROUP,
      BONUS_CORRECTION_WINDOW_DAYS: '36500',
      BONUS_MAX_BATCH_SIZE: '1000',
      LOG_LEVEL: 'warn',
      BONUS_DEBUG_RELAY_KILL_SIGNAL: 'SIGUSR2',
    };
    const logs = { deadlocks: 0, transient: 0 };
    const instances = [new Instance('a', env, logs, log), new Instance('b', env, logs, log)];
    cleanups.unshift(() => Promise.all(instances.map((i) => i.stop())));
    await instances[0].start(); // the first creates the topics and the schema
    await instances[1].start();

    const kafka = new Kafka({
      brokers: [broker.bootstrapServers],
      clientId: 'chaos',
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 300, maxRetryTime: 5000, retries: 30 },
    });
    const reader = await OutputReader.open(kafka, topics);
    cleanups.unshift(() => reader.close());
    const producer = kafka.producer();
    await producer.connect();
    cleanups.unshift(() => producer.disconnect());

    const progress = () => reader.decidedAmong(workload.decidedEventIds) / workload.decidedEventIds.size;
    const faults = faultPlan(options);
    // The sender stays at most 10 % of the workload ahead of the next fault's moment, so that every
    // fault, however long the one before it took, strikes while inputs are still arriving.
    const sendable = () => {
      const next = faults.find((f) => f.tookMs === undefined);
      return next ? next.at + 0.1 : 1;
    };
    const sending = sendAll(producer, topics, workload.messages, sendable, log);
    const ticker = setInterval(() => {
      const s = reader.counts();
      log(
        `progress: sent ${sending.sent}/${workload.messages.length}, decided ${(progress() * 100).toFixed(1)}% ` +
          `(${s.decisions} decisions, ${s.purchases} purchases, ${s.deadLetters} dead letters), ` +
          `faults ${faults.filter((f) => f.tookMs !== undefined).length}/${faults.length}`,
      );
    }, 5000);
    let settled = false;
    try {
      for (const fault of faults) {
        await untilOrStall(() => progress() >= fault.at, reader, options.stallMs, `${fault.kind} at ${fault.at}`);
        const begun = Date.now();
        fault.happenedAt = progress();
        log(`fault: ${fault.kind} at ${(fault.happenedAt * 100).toFixed(1)}% decided`);
        if (fault.kind === 'kill') await instances[1].killAndRestart();
        if (fault.kind === 'broker restart') await broker.restart();
        if (fault.kind === 'postgres restart') await postgres.restart();
        if (fault.kind === 'relay kill') await instances[0].killRelayThread();
        fault.tookMs = Date.now() - begun;
        log(`fault: ${fault.kind} healed in ${fault.tookMs} ms`);
      }
      await sending.done;
      const sumsMatch = () => checkChaosOutputs(reader.outputs(), expected, new Set(), new Set()).wrongSums === 0;
      await untilOrStall(() => progress() >= 1 && sumsMatch(), reader, options.stallMs, 'every input decided');
      settled = true;
    } catch (error) {
      log(`the run did not settle: ${(error as Error).message}`);
    } finally {
      clearInterval(ticker);
    }
    // Nothing left to publish, and nothing more arriving: then the topics say all there is.
    await until(async () => (await outboxRows(databaseUrl)) === 0, 120_000, 'the outbox to empty').catch(() => {});
    await reader.quiet(3000);
    const verdict = checkChaosOutputs(reader.outputs(), expected, workload.decidedEventIds, workload.malformed);
    return {
      options: { ...options, log: undefined } as Omit<ChaosOptions, 'log'>,
      sent: {
        messages: sending.sent,
        invoices: workload.invoices.length,
        creditNotes: workload.creditNotes.length,
        contractChanges: workload.contracts.length,
        consentEvents: workload.consents.length,
      },
      workload: workload.counts,
      faults,
      unexpectedExits: instances.reduce((n, i) => n + i.unexpectedExits, 0),
      deadlockLogLines: logs.deadlocks,
      transientRetryLogLines: logs.transient,
      deadlocks: await databaseDeadlocks(databaseUrl),
      elapsedMs: Date.now() - started,
      settled,
      verdict,
    };
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

/** Kills spread at random over 5–90 % of the inputs decided; the other faults in between. */
function faultPlan(options: ChaosOptions): ChaosFault[] {
  const random = seededRandom(options.seed ^ 0x5eed);
  const at = (from: number, to: number) => Math.round((from + random() * (to - from)) * 1000) / 1000;
  const faults: ChaosFault[] = [
    ...Array.from({ length: options.kills }, () => ({ kind: 'kill' as const, at: at(0.05, 0.9) })),
    ...Array.from({ length: options.brokerRestarts }, () => ({ kind: 'broker restart' as const, at: at(0.2, 0.8) })),
    ...Array.from({ length: options.postgresRestarts }, () => ({
      kind: 'postgres restart' as const,
      at: at(0.2, 0.8),
    })),
    ...Array.from({ length: options.relayKills }, () => ({ kind: 'relay kill' as const, at: at(0.1, 0.9) })),
  ];
  return faults.sort((a, b) => a.at - b.at);
}

/** Waits for the condition while outputs keep arriving; fails after `stallMs` without any new output. */
async function untilOrStall(
  condition: () => boolean,
  reader: OutputReader,
  stallMs: number,
  what: string,
): Promise<void> {
  let seen = reader.total();
  let lastChange = Date.now();
  await until(
    () => {
      if (condition()) return true;
      if (reader.total() !== seen) [seen, lastChange] = [reader.total(), Date.now()];
      if (Date.now() - lastChange > stallMs) throw new Error(`no new output for ${stallMs} ms waiting for ${what}`);
      return false;
    },
    24 * 3_600_000,
    what,
    1000,
  );
}

/**
 * Sends in chunks, no further than the `sendable` share of the messages; a chunk that fails (the
 * broker restarting) is sent again: repeats are redeliveries.
 */
function sendAll(
  producer: Producer,
  topics: TopicNames,
  messages: InputMessage[],
  sendable: () => number,
  log: (line: string) => void,
) {
  const state = { sent: 0, done: Promise.resolve() };
  // At most 1 % of the workload a chunk, so the gate is fine-grained even for a small run.
  const size = Math.max(1, Math.min(500, Math.ceil(messages.length / 100)));
  state.done = (async () => {
    for (let i = 0; i < messages.length; i += size) {
      const upTo = Math.min(i + size, messages.length) / messages.length;
      while (upTo > sendable()) await new Promise((r) => setTimeout(r, 200));
      const chunk = messages.slice(i, i + size);
      const byTopic = new Map<string, { key: string | null; value: string }[]>();
      for (const m of chunk) {
        const list = byTopic.get(topics[m.topic]) ?? [];
        list.push(m);
        byTopic.set(topics[m.topic], list);
      }
      for (let attempt = 1; ; attempt++) {
        try {
          await producer.sendBatch({
            topicMessages: [...byTopic].map(([topic, list]) => ({
              topic,
              messages: list.map(({ key, value }) => ({ key, value })),
            })),
          });
          break;
        } catch (error) {
          if (attempt === 1) log(`send failed (${(error as Error).message}); sending the chunk again`);
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      state.sent += chunk.length;
    }
  })();
  return state;
}

/** One pipeline process under supervision: restarted when it exits without being told to. */
class Instance {
  private process: ServiceProcess | undefined;
  private expectingExit = false;
  unexpectedExits = 0;

  constructor(
    private readonly name: string,
    private readonly env: Record<string, string>,
    private readonly logs: { deadlocks: number; transient: number },
    private readonly log: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    const port = await freePort();
    this.expectingExit = false;
    const p = startServiceProcess(
      'bonus-pipeline',
      { ...this.env, HTTP_PORT: String(port) },
      (chunk) => {
        this.logs.deadlocks += chunk.split('deadlock detected').length - 1;
        this.logs.transient += chunk.split('failed transiently').length - 1;
      },
      PIPELINE_NODE_ARGS,
    );
    this.process = p;
    void p.exited.then((code) => {
      if (this.expectingExit || this.process !== p) return;
      this.unexpectedExits++;
      this.log(
        `instance ${this.name} exited unexpectedly (${code}); restarting it. Last output:\n${p.output().slice(-2000)}`,
      );
      void this.start().catch((error: Error) => this.log(`instance ${this.name} did not restart: ${error.message}`));
    });
    await p.waitUntilReady(port, 300_000);
  }

  async killAndRestart(): Promise<void> {
    const p = this.process!;
    this.expectingExit = true;
    p.child.kill('SIGKILL');
    await p.exited;
    await this.start();
  }

  /**
   * The debug signal (BONUS_DEBUG_RELAY_KILL_SIGNAL): the service kills its relay thread, then
   * restarts it a second later. Resolves once the service logged the thread's end.
   */
  async killRelayThread(): Promise<void> {
    const p = this.process!;
    const ended = () => p.output().split('relay thread ended; restarting it').length - 1;
    const before = ended();
    p.child.kill('SIGUSR2');
    await until(() => ended() > before, 60_000, `instance ${this.name} to report its relay thread ended`);
  }

  async stop(): Promise<void> {
    this.expectingExit = true;
    await this.process?.stop('SIGTERM');
  }
}

/** Reads the output topics from the start; each (partition, offset) once, even across consumer restarts. */
class OutputReader {
  private readonly seen = new Set<string>();
  private readonly values: ChaosOutputs = { purchases: [], decisions: [], deadLetters: [] };
  private readonly decided = new Set<string>();
  close: () => Promise<void> = async () => undefined;

  static async open(kafka: Kafka, topics: TopicNames): Promise<OutputReader> {
    const reader = new OutputReader();
    const which: Record<string, keyof ChaosOutputs> = {
      [topics.bonusPurchases]: 'purchases',
      [topics.invoiceDecisions]: 'decisions',
      [topics.deadLetters]: 'deadLetters',
    };
    const consumer = kafka.consumer({
      groupId: `chaos-reader-${randomBytes(3).toString('hex')}`,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: Object.keys(which), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const position = `${topic}/${partition}/${message.offset}`;
        if (reader.seen.has(position)) return;
        reader.seen.add(position);
        const value = message.value?.toString('utf8') ?? 'null';
        reader.values[which[topic]].push(value);
        if (which[topic] === 'decisions')
          reader.decided.add((JSON.parse(value) as { sourceEventId: string }).sourceEventId);
      },
    });
    reader.close = () => consumer.disconnect();
    return reader;
  }

  decidedAmong(ids: ReadonlySet<string>): number {
    let n = 0;
    for (const id of this.decided) if (ids.has(id)) n++;
    return n;
  }

  counts() {
    const { purchases, decisions, deadLetters } = this.values;
    return { purchases: purchases.length, decisions: decisions.length, deadLetters: deadLetters.length };
  }

  total(): number {
    return this.seen.size;
  }

  outputs(): ChaosOutputs {
    return this.values;
  }

  /** Until nothing new arrived for `ms`. */
  async quiet(ms: number): Promise<void> {
    let last = -1;
    await until(
      () => {
        const now = this.total();
        const still = now === last;
        last = now;
        return still;
      },
      300_000,
      'the output topics to go quiet',
      ms,
    );
  }
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 30_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function outboxRows(url: string): Promise<number> {
  return withClient(url, async (c) => Number((await c.query('SELECT count(*) AS n FROM bonus.outbox')).rows[0].n));
}

function databaseDeadlocks(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const sql = 'SELECT deadlocks AS n FROM pg_stat_database WHERE datname = current_database()';
    return Number((await c.query(sql)).rows[0].n);
  });
}

/** The final table: what was sent, what was done to the system, and what came out. */
export function chaosTable(r: ChaosReport): string {
  const v = r.verdict;
  const faults = (kind: ChaosFault['kind']) => {
    const done = r.faults.filter((f) => f.kind === kind);
    const healed = done.map((f) => (f.tookMs === undefined ? 'not reached' : `${(f.tookMs / 1000).toFixed(1)} s`));
    if (done.length === 0) return '0';
    const when = done.map((f) => `${Math.round((f.happenedAt ?? f.at) * 100)}%`);
    return `${done.length} (at ${when.join(', ')} decided; back after ${healed.join(', ')})`;
  };
  const rows: [string, string][] = [
    [
      'invoices / credit notes',
      `${r.sent.invoices} / ${r.sent.creditNotes} (${r.workload.unknownInvoiceCreditNotes} for unknown invoices)`,
    ],
    [
      'contract changes / consent events',
      `${r.sent.contractChanges} (${r.workload.transfers} transfers) / ` +
        `${r.sent.consentEvents} (${r.workload.revocations} revocations)`,
    ],
    [
      'repeats sent',
      `${r.workload.redelivered} redelivered (same eventId), ` +
        `${r.workload.sameContentNewEventId} same invoice under a new eventId`,
    ],
    ['malformed sent', String(v.malformedSent)],
    ['messages sent', String(r.sent.messages)],
    ['SIGKILL + restart (instance b)', faults('kill')],
    ['broker restarts', faults('broker restart')],
    ['PostgreSQL restarts', faults('postgres restart')],
    ['relay thread kills (instance a)', faults('relay kill')],
    ['unexpected process exits', String(r.unexpectedExits)],
    ['settled (all decided, sums exact)', r.settled ? 'yes' : 'NO'],
    ['lost (input without a decision)', String(v.lost)],
    ['wrong sums (invoice × member)', `${v.wrongSums} of ${v.expectedPairs} non-zero pairs`],
    ['cents: rules / topic', `${v.expectedCents} / ${v.purchasedCents}`],
    ['duplicate ids, different content', String(v.conflictingIds)],
    [
      'identical duplicates',
      `${v.identicalDuplicates.purchases} purchases, ${v.identicalDuplicates.decisions} decisions, ` +
        `${v.identicalDuplicates.deadLetters} dead letters`,
    ],
    ['purchase events (distinct ids)', String(v.distinctPurchaseIds)],
    ['dead letters: malformed / other', `${v.deadLettered.malformed} of ${v.malformedSent} / ${v.deadLettered.other}`],
    ['deadlocks (pg_stat_database / log lines)', `${r.deadlocks} / ${r.deadlockLogLines}`],
    ['transient retries logged', String(r.transientRetryLogLines)],
    ['elapsed', `${(r.elapsedMs / 1000).toFixed(0)} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [...rows.map(([k, val]) => `${k.padEnd(width)}  ${val}`), ...v.examples.map((e) => `  ! ${e}`)].join('\n');
}

/**
 * Whether a run met the bar: everything decided, every sum exact, no id with two contents, every
 * malformed message dead-lettered.
 */
export function chaosPassed(r: ChaosReport): boolean {
  const v = r.verdict;
  return (
    r.settled &&
    v.lost === 0 &&
    v.wrongSums === 0 &&
    v.conflictingIds === 0 &&
    v.deadLettered.malformed === v.malformedSent &&
    v.deadLettered.other === 0
  );
}
