import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DEFAULT_TOPICS } from '@sa/contracts';
import { ensureTopics } from '@sa/kafka';
import { newOpsCredential } from '@sa/platform';
import { freePort } from '../infra/free-port';
import { PIPELINE_ENV, PIPELINE_NODE_ARGS } from '../infra/pipeline-runtime';
import { KafkaBroker } from '../infra/kafka-broker';
import { createDatabase, dropDatabase, freshDatabaseName, resolvePostgres } from '../infra/postgres-server';
import { ServiceProcess, startServiceProcess } from '../infra/service-process';
import { until } from '../infra/wait';
import { log, measureOutput, produceAll, runPassthrough, topicSize } from './bonus-pipeline/bench-kafka';
import { measureLatency } from './bonus-pipeline/bench-latency';
import { opsReadLines, timeOpsReads } from './bonus-pipeline/bench-ops-reads';
import { MetricsScraper, scrapedLines } from './bonus-pipeline/bench-metrics';
import { cpuPerThousandLines, readCpu } from './bonus-pipeline/bench-cpu';
import { pageCounters, pagesPerInvoice } from './bonus-pipeline/bench-postgres';
import { benchClock, consentMessage, contractMessage, invoiceMessage } from './bonus-pipeline/bench-workload';

/**
 * Bonus pipeline benchmark, end to end on this machine: a real Kafka and PostgreSQL, the compiled
 * pipeline as a child process. Seeds N signers (contract + consent each), then
 *  1. ceiling: a bare kafkajs consume→produce passthrough of M invoices (same broker, same run);
 *  2. throughput: M invoices pre-loaded, pipeline started, invoices/s from first to last purchase;
 *  3. latency: invoices offered at a fixed rate, produce → purchase readable, p50/p95/p99;
 *  4. the pipeline process's peak RSS (VmHWM);
 *  5. CPU seconds per 1,000 invoices during 2, per process group and for the machine (steadier than invoices/s);
 *  6. the ops reads of the logs: the month's reconciliation report and one invoice's explanation, timed.
 * During 2 and 3 it scrapes the pipelines' `/metrics` every 5 s (1 s with --smoke), as Prometheus would, and reports
 * from it.
 *
 *   npm run bench [-- --smoke] [--invoices M] [--customers N] [--rate R] [--latency-seconds S] [--instances K]
 *     [--shared-buffers SIZE]
 *   (or BENCH_INVOICES, BENCH_CUSTOMERS, BENCH_RATE, BENCH_LATENCY_SECONDS, BENCH_INSTANCES, BENCH_SHARED_BUFFERS;
 *   BONUS_* tune the pipeline)
 */
const smoke = process.argv.includes('--smoke');
/** `--flag value`, else the environment variable, else nothing. */
function option(flag: string, env: string): string | undefined {
  const at = process.argv.indexOf(`--${flag}`);
  if (at >= 0) return process.argv[at + 1];
  return process.env[env] || undefined;
}
function setting(flag: string, env: string, full: number, small: number): number {
  const value = option(flag, env);
  return value !== undefined ? Number(value) : smoke ? small : full;
}
const INVOICES = setting('invoices', 'BENCH_INVOICES', 1_000_000, 20_000);
const CUSTOMERS = setting('customers', 'BENCH_CUSTOMERS', 100_000, 2_000);
const RATE = setting('rate', 'BENCH_RATE', 1000, 500);
const LATENCY_SECONDS = setting('latency-seconds', 'BENCH_LATENCY_SECONDS', 30, 5);
// Pipeline processes in one consumer group (partitions spread over them).
const INSTANCES = setting('instances', 'BENCH_INSTANCES', 1, 1);
// A PostgreSQL cluster of the bench's own with this buffer cache (e.g. 1GB), instead of the local server.
const SHARED_BUFFERS = option('shared-buffers', 'BENCH_SHARED_BUFFERS');

// The pipeline's node flags, plus extra ones for it only,
// e.g. BENCH_PIPELINE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
const NODE_ARGS = [...PIPELINE_NODE_ARGS, ...(process.env.BENCH_PIPELINE_NODE_ARGS ?? '').split(' ').filter(Boolean)];

const TOPICS = DEFAULT_TOPICS;

function peakRssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024);
}

async function main(): Promise<void> {
  log(
    `sizes: ${INVOICES} invoices, ${CUSTOMERS} registered customers, ` +
      `latency at ${RATE}/s for ${LATENCY_SECONDS} s${smoke ? ' (smoke)' : ''}`,
  );
  const [broker, postgres] = await Promise.all([
    KafkaBroker.start({ log, heapMb: 1024 }),
    resolvePostgres(process.env, log, SHARED_BUFFERS ? { sharedBuffers: SHARED_BUFFERS } : undefined),
  ]);
  const dbName = freshDatabaseName('sbonus_bench_bp');
  const dbUrl = await createDatabase(postgres.adminUrl, dbName);
  const kafka = new Kafka({ brokers: [broker.bootstrapServers], clientId: 'bench', logLevel: logLevel.ERROR });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const clock = benchClock();
  // The recommended deployment heap cap (docs/bonus-pipeline.md) unless the caller sets NODE_OPTIONS.
  const tuning = {
    ...PIPELINE_ENV,
    ...(Object.fromEntries(
      Object.entries(process.env).filter(([k]) => /^(BONUS_|OUTBOX_|DATABASE_POOL|NODE_OPTIONS$|MALLOC_)/.test(k)),
    ) as Record<string, string>),
  };
  // A viewer token of this run only, for the scrapes.
  const ops = newOpsCredential('bench', 'viewer');
  const env = {
    KAFKA_BROKERS: broker.bootstrapServers,
    DATABASE_URL: dbUrl,
    LOG_LEVEL: 'warn',
    OPS_CREDENTIALS: ops.entry,
    ...tuning,
  };
  const children: ServiceProcess[] = [];
  const urls = new Map<ServiceProcess, string>();
  const startPipeline = async () => {
    const port = await freePort();
    const child = startServiceProcess(
      'bonus-pipeline',
      { ...env, HTTP_PORT: String(port) },
      (chunk) => {
        if (/"level":"(error|fatal)"/.test(chunk)) process.stderr.write(chunk);
      },
      NODE_ARGS,
    );
    children.push(child);
    urls.set(child, `http://127.0.0.1:${port}`);
    await child.waitUntilReady(port, 120_000);
    return child;
  };
  const db = new Client({ connectionString: dbUrl });
  try {
    // Seeding: the first pipeline process creates the topics and schema and absorbs every signer.
    const seeder = await startPipeline();
    await db.connect();
    const seedStarted = Date.now();
    await produceAll(producer, TOPICS.crmContracts, CUSTOMERS, (i) => contractMessage(i, clock), 'contracts');
    await produceAll(producer, TOPICS.consents, CUSTOMERS, (i) => consentMessage(i, clock), 'consents');
    let lastReport = 0;
    await until(
      async () => {
        const { rows } = await db.query(
          `SELECT (SELECT count(*) FROM bonus.contract_versions) + (SELECT count(*) FROM bonus.consent_events) AS n`,
        );
        if (Date.now() - lastReport > 3000) {
          log(`seeding: ${rows[0].n}/${2 * CUSTOMERS} contract and consent events absorbed`);
          lastReport = Date.now();
        }
        return Number(rows[0].n) >= 2 * CUSTOMERS;
      },
      3_600_000,
      'seed absorbed',
      1000,
    );
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const seederRssMb = peakRssMb(seeder.child.pid);
    log(`seeded ${CUSTOMERS} signers in ${seedSeconds.toFixed(1)} s`);
    await seeder.stop('SIGTERM');
    // A registered base builds up over months; what was bulk-loaded seconds ago would otherwise still
    // be vacuumed, analysed and written back during the measurement (up to 2M rows at 1M customers).
    const settleStarted = Date.now();
    await db.query('VACUUM (ANALYZE) bonus.contract_versions, bonus.consent_events');
    await db.query('CHECKPOINT');
    log(`seed vacuumed, analysed and checkpointed in ${((Date.now() - settleStarted) / 1000).toFixed(1)} s`);

    // 1. The ceiling, on the same broker, with the same invoice messages.
    await ensureTopics(kafka, [
      { topic: 'bench.passthrough.in', numPartitions: 6 },
      { topic: 'bench.passthrough.out', numPartitions: 3 },
    ]);
    await produceAll(
      producer,
      'bench.passthrough.in',
      INVOICES,
      (n) => invoiceMessage('pt', n, CUSTOMERS, clock),
      'passthrough input',
    );
    const ceiling = await runPassthrough(kafka, 'bench.passthrough.in', 'bench.passthrough.out', INVOICES, 3_600_000);
    log(`passthrough: ${Math.round(ceiling.perSecond)} msg/s`);

    // 2. Throughput: the whole backlog is waiting when the pipeline starts.
    await produceAll(producer, TOPICS.invoices, INVOICES, (n) => invoiceMessage('tp', n, CUSTOMERS, clock), 'invoices');
    const baseline = await topicSize(kafka, TOPICS.bonusPurchases);
    const pagesBefore = await pageCounters(db);
    const pipelines = await Promise.all(Array.from({ length: INSTANCES }, () => startPipeline()));
    const scraper = new MetricsScraper(
      pipelines.map((p) => urls.get(p)!),
      ops.token,
      TOPICS.invoices,
      smoke ? 1000 : 5000,
    );
    scraper.start();
    const cpuPids = () => ({ pipeline: pipelines.map((p) => p.child.pid), broker: [broker.pid], bench: [process.pid] });
    const cpuBefore = readCpu(cpuPids());
    const throughput = await measureOutput(kafka, TOPICS.bonusPurchases, baseline, INVOICES, 'pipeline', 3_600_000);
    log(`pipeline: ${Math.round(throughput.perSecond)} invoices/s`);
    const cpuAfter = readCpu(cpuPids());
    const pagesAfter = await pageCounters(db);

    // 3. Latency at a fixed offered rate, on the caught-up pipeline.
    const latency = await measureLatency(kafka, TOPICS, RATE, LATENCY_SECONDS, (n) =>
      invoiceMessage('lat', n, CUSTOMERS, clock),
    );
    const scraped = await scraper.stop();
    const rssMb = Math.max(...pipelines.map((p) => peakRssMb(p.child.pid)));

    // 6. The ops reads over what was written (after the RSS figure, which stays that of the invoice path).
    const opsReads = await timeOpsReads(urls.get(pipelines[0])!, ops.token, new Date(clock.invoicesFrom), 'INV-tp-0');
    await Promise.all(pipelines.map((p) => p.stop('SIGTERM')));

    const report = [
      '',
      `## Bonus pipeline benchmark (${new Date().toISOString()})`,
      `invoices ${INVOICES}, registered customers ${CUSTOMERS}, PostgreSQL ${postgres.source}, ` +
        `${INSTANCES} pipeline process(es)`,
      `passthrough ceiling      ${Math.round(ceiling.perSecond)} msg/s (${ceiling.seconds.toFixed(1)} s)`,
      `pipeline throughput      ${Math.round(throughput.perSecond)} invoices/s (${throughput.seconds.toFixed(1)} s) ` +
        `= ${Math.round((100 * throughput.perSecond) / ceiling.perSecond)} % of the ceiling`,
      `latency at ${RATE}/s        p50 ${latency.p50} ms, p95 ${latency.p95} ms, p99 ${latency.p99} ms, ` +
        `max ${latency.max} ms (${latency.delivered}/${latency.offered} delivered)`,
      ...pagesPerInvoice(pagesBefore, pagesAfter, INVOICES),
      ...cpuPerThousandLines(cpuBefore, cpuAfter, INVOICES),
      ...scrapedLines(scraped),
      ...opsReadLines(opsReads),
      `pipeline peak RSS        ${rssMb} MB (VmHWM, largest process; the seeding process: ${seederRssMb} MB)`,
      `seeding                  ${CUSTOMERS} contracts + ${CUSTOMERS} consents absorbed in ${seedSeconds.toFixed(1)} s`,
      `pipeline settings        ${JSON.stringify(tuning)}, node flags ${JSON.stringify(NODE_ARGS.join(' '))}`,
    ].join('\n');
    process.stdout.write(`${report}\n`);
  } finally {
    await Promise.all(children.map((c) => c.stop('SIGKILL')));
    await db.end().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await dropDatabase(postgres.adminUrl, dbName).catch(() => undefined);
    await Promise.all([broker.stop(), postgres.stop()]);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`[bench] failed: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
