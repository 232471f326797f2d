import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DEFAULT_TOPICS } from '@sa/contracts';
import { freePort } from '../infra/free-port';
import { KafkaBroker } from '../infra/kafka-broker';
import { PIPELINE_ENV, PIPELINE_NODE_ARGS } from '../infra/pipeline-runtime';
import { createDatabase, dropDatabase, freshDatabaseName, resolvePostgres } from '../infra/postgres-server';
import { ServiceProcess, startServiceProcess } from '../infra/service-process';
import { buildFuzzPlan } from './hostile-inputs';
import { fuzzTable, runFuzz } from './fuzz-run';

/**
 * The bad-input fuzz at full size, end to end on this machine: a Kafka broker of its own (default
 * message.max.bytes), PostgreSQL, the compiled pipeline as a child process run as in production.
 * Prints progress, then a table of figures; exits 1 if any message did not end as the contract
 * says, or output stopped for more than 2 s (after the last send, or at any time during the run).
 * The decision of the message sent last is reported, not bounded: sent as fast as the broker takes
 * them, the messages queue in front of it, so its wait measures the backlog, not a stall.
 *
 *   npm run fuzz [-- --messages N] [--seed S] [--huge H]   (or FUZZ_MESSAGES, FUZZ_SEED, FUZZ_HUGE)
 */
function option(flag: string, env: string, fallback: number): number {
  const at = process.argv.indexOf(`--${flag}`);
  return Number(at >= 0 ? process.argv[at + 1] : (process.env[env] ?? fallback));
}
const CORRUPTED = option('messages', 'FUZZ_MESSAGES', 10_000);
const SEED = option('seed', 'FUZZ_SEED', 20261123);
const HUGE = option('huge', 'FUZZ_HUGE', 60);
const MAX_LAST_OUTPUT_MS = 2000;

const log = (line: string) => process.stdout.write(`[fuzz] ${new Date().toISOString().slice(11, 19)} ${line}\n`);

function peakRssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024);
}

async function main(): Promise<number> {
  const [broker, postgres] = await Promise.all([
    KafkaBroker.start({ log, heapMb: 1024 }),
    resolvePostgres(process.env, log),
  ]);
  const dbName = freshDatabaseName('sbonus_fuzz');
  const dbUrl = await createDatabase(postgres.adminUrl, dbName);
  const groupId = 'bonus-pipeline-fuzz';
  let pipeline: ServiceProcess | undefined;
  const db = new Client({ connectionString: dbUrl });
  try {
    const port = await freePort();
    const env = {
      ...PIPELINE_ENV,
      KAFKA_BROKERS: broker.bootstrapServers,
      DATABASE_URL: dbUrl,
      HTTP_PORT: String(port),
      KAFKA_GROUP_ID: groupId,
      LOG_LEVEL: 'warn',
    };
    pipeline = startServiceProcess(
      'bonus-pipeline',
      env,
      (chunk) => {
        if (/"level":"(error|fatal)"/.test(chunk)) process.stderr.write(chunk);
      },
      PIPELINE_NODE_ARGS,
    );
    // The pipeline creates its topics and schema on start.
    await pipeline.waitUntilReady(port, 120_000);
    await db.connect();
    const plan = buildFuzzPlan({
      seed: SEED,
      run: `fz${SEED}`,
      corrupted: CORRUPTED,
      validInvoices: Math.ceil(CORRUPTED / 3),
      customers: 500,
      huge: HUGE,
      partitions: { invoices: 6, crmContracts: 3, consents: 3 },
    });
    log(
      `seed ${SEED}: ${plan.messages.length + 1} messages, ` +
        `${CORRUPTED} corrupted (${HUGE} near ${Math.round(1_048_588 / 1024)} KiB) ` +
        'plus conflicting repeats, among valid traffic',
    );
    const kafka = new Kafka({ brokers: [broker.bootstrapServers], clientId: 'fuzz', logLevel: logLevel.NOTHING });
    const T = DEFAULT_TOPICS;
    const result = await runFuzz({
      kafka,
      topics: {
        inputs: { invoices: T.invoices, crmContracts: T.crmContracts, consents: T.consents },
        bonusPurchases: T.bonusPurchases,
        invoiceDecisions: T.invoiceDecisions,
        deadLetters: T.deadLetters,
      },
      pipelineGroupId: groupId,
      plan,
      outbox: async () =>
        (
          await db.query(
            `SELECT (SELECT count(*) FROM bonus.outbox)::int AS pending,
                    (SELECT count(*) FROM bonus.outbox_parked)::int AS parked`,
          )
        ).rows[0],
      timeoutMs: 1_800_000,
      log,
    });
    const ready = (await fetch(`http://127.0.0.1:${port}/health/ready`)).status;
    const rssMb = peakRssMb(pipeline.child.pid);
    const failures = [...result.verdict.problems];
    if (!(result.firstOutputAfterLastSendMs <= MAX_LAST_OUTPUT_MS))
      failures.push(
        `the first output after the last send came after ${result.firstOutputAfterLastSendMs} ms ` +
          `(bound ${MAX_LAST_OUTPUT_MS} ms)`,
      );
    if (result.maxOutputGapMs > MAX_LAST_OUTPUT_MS)
      failures.push(`output was silent for ${result.maxOutputGapMs} ms (bound ${MAX_LAST_OUTPUT_MS} ms)`);
    if (Number.isNaN(result.sentinelMs)) failures.push('the message sent last was never decided');
    if (ready !== 200) failures.push(`GET /health/ready answered ${ready}`);
    process.stdout.write(
      [
        '',
        `## Bad-input fuzz (${new Date().toISOString()}), seed ${SEED}, PostgreSQL ${postgres.source}`,
        fuzzTable(result),
        `health at the end            GET /health/ready ${ready}`,
        `pipeline peak RSS            ${rssMb} MB (VmHWM)`,
        `verdict                      ${failures.length === 0 ? 'PASS' : 'FAIL'}`,
        ...failures.map((f) => `  ${f}`),
        '',
      ].join('\n'),
    );
    return failures.length === 0 ? 0 : 1;
  } finally {
    await pipeline?.stop('SIGTERM');
    await db.end().catch(() => undefined);
    await dropDatabase(postgres.adminUrl, dbName).catch(() => undefined);
    await Promise.all([broker.stop(), postgres.stop()]);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`[fuzz] failed: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
