import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DEFAULT_TOPICS } from '@sa/contracts';
import { freePort } from '../infra/free-port';
import { KafkaBroker } from '../infra/kafka-broker';
import { createDatabase, dropDatabase, freshDatabaseName, resolvePostgres } from '../infra/postgres-server';
import { issueApiKey, startServiceProcess } from '../infra/service-process';
import { until } from '../infra/wait';

/**
 * Registration API throughput and latency, end to end on loopback: a real Kafka, PostgreSQL, the
 * S-Group register stand-in and the registration service as child processes (compiled), then a
 * bounded number of authenticated POSTs at fixed concurrency, each a new customer's registration
 * (R8 lookup, register call, one transaction with the outbox row).
 *
 *   npm run build && node -r ./dist/libs/platform/src/runtime/register-aliases.js \
 *     dist/tools/bench/registration-api.bench.js [--requests 4000] [--concurrency 32]
 */
function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const REQUESTS = arg('requests', 4000);
const CONCURRENCY = arg('concurrency', 32);
const WARMUP = Math.min(200, REQUESTS);
const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
  const total = WARMUP + REQUESTS;
  const members = Array.from({ length: total }, (_, i) => ({
    memberNumber: String(1_000_000_000 + i),
    householdId: `H-${i}`,
    ownerCustomer: true,
  }));
  const work = mkdtempSync(join(tmpdir(), 'sbonus-bench-'));
  const seedFile = join(work, 'members.json');
  writeFileSync(seedFile, JSON.stringify(members));

  log('starting Kafka and PostgreSQL');
  const [broker, postgres] = await Promise.all([KafkaBroker.start({ log }), resolvePostgres(process.env, log)]);
  const dbName = freshDatabaseName('sbonus_bench_reg');
  const dbUrl = await createDatabase(postgres.adminUrl, dbName);
  const [standInPort, servicePort] = [await freePort(), await freePort()];
  const common = { KAFKA_BROKERS: broker.bootstrapServers, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn' };
  const standIn = startServiceProcess('sgroup-registry-stand-in', {
    HTTP_PORT: String(standInPort),
    SGROUP_SEED_FILE: seedFile,
    LOG_LEVEL: 'warn',
  });
  const service = startServiceProcess('registration-service', {
    ...common,
    HTTP_PORT: String(servicePort),
    SGROUP_REGISTRY_URL: `http://127.0.0.1:${standInPort}`,
  });
  try {
    await Promise.all([standIn.waitUntilReady(standInPort), service.waitUntilReady(servicePort)]);
    const key = issueApiKey(dbUrl, 'bench-agent');
    log(`service ready on ${servicePort}, stand-in on ${standInPort}; seeding ${total} active contracts over Kafka`);
    await seedContracts(broker.bootstrapServers, dbUrl, total);

    const url = `http://127.0.0.1:${servicePort}/v1/registrations`;
    const post = async (i: number): Promise<number> => {
      const started = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({
          customerId: `C-bench-${i}`,
          memberNumber: members[i].memberNumber,
          channel: 'PHONE',
          consent: true,
        }),
      });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`request ${i}: HTTP ${res.status}`);
      return performance.now() - started;
    };
    await runAtConcurrency(0, WARMUP, CONCURRENCY, post);
    log(`warm-up of ${WARMUP} done; measuring ${REQUESTS} POSTs at concurrency ${CONCURRENCY}`);
    const started = performance.now();
    const latencies = await runAtConcurrency(WARMUP, total, CONCURRENCY, post);
    const seconds = (performance.now() - started) / 1000;

    await until(async () => (await count(dbUrl, 'outbox')) === 0, 60_000, 'outbox drained to Kafka');
    const events = await count(dbUrl, 'consent_events');
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)].toFixed(1);
    process.stdout.write(
      [
        '',
        `registration API benchmark: ${REQUESTS} POST /v1/registrations (new registrations), ` +
          `concurrency ${CONCURRENCY}, loopback, PostgreSQL ${postgres.source}`,
        `  throughput  ${(REQUESTS / seconds).toFixed(0)} requests/s  (${seconds.toFixed(2)} s)`,
        `  latency ms  p50 ${pct(50)}  p95 ${pct(95)}  p99 ${pct(99)}  ` +
          `max ${latencies[latencies.length - 1].toFixed(1)}`,
        `  all 201; ${events} consent events recorded and the outbox drained to Kafka`,
        '',
      ].join('\n'),
    );
  } finally {
    await Promise.all([service.stop(), standIn.stop()]);
    await dropDatabase(postgres.adminUrl, dbName).catch(() => undefined);
    await Promise.all([broker.stop(), postgres.stop()]);
    rmSync(work, { recursive: true, force: true });
  }
}

async function seedContracts(brokers: string, dbUrl: string, n: number): Promise<void> {
  const kafka = new Kafka({ brokers: [brokers], clientId: 'bench', logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const changedAt = new Date(Date.now() - 86_400_000).toISOString();
  for (let start = 0; start < n; start += 1000) {
    const messages = Array.from({ length: Math.min(1000, n - start) }, (_, j) => {
      const i = start + j;
      return {
        key: `K-bench-${i}`,
        value: JSON.stringify({
          eventId: `e-bench-${i}`,
          contractId: `K-bench-${i}`,
          signerCustomerId: `C-bench-${i}`,
          status: 'ACTIVE',
          changedAt,
        }),
      };
    });
    await producer.send({ topic: DEFAULT_TOPICS.crmContracts, messages });
  }
  await producer.disconnect();
  await until(
    async () => (await count(dbUrl, 'contract_versions')) === n,
    120_000,
    `${n} contract versions stored`,
    200,
  );
}

async function count(dbUrl: string, table: string): Promise<number> {
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  try {
    return (await client.query(`SELECT count(*)::int AS n FROM registration.${table}`)).rows[0].n as number;
  } finally {
    await client.end();
  }
}

async function runAtConcurrency(
  from: number,
  to: number,
  concurrency: number,
  work: (i: number) => Promise<number>,
): Promise<number[]> {
  const results: number[] = [];
  let next = from;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < to) results.push(await work(next++));
    }),
  );
  return results;
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
