import { join } from 'node:path';
import { DEFAULT_TOPICS } from '@sa/contracts';
import { KafkaBroker } from '../infra/kafka-broker';
import { preferPort } from '../infra/free-port';
import { createDatabase, PostgresServer, resolvePostgres } from '../infra/postgres-server';
import { PIPELINE_ENV, PIPELINE_NODE_ARGS } from '../infra/pipeline-runtime';
import { ServiceProcess, startServiceProcess } from '../infra/service-process';
import { repoRoot } from '../infra/repo-root';

export interface RunningService {
  name: string;
  url: string;
  process: ServiceProcess;
}

export interface Stack {
  kafka: KafkaBroker;
  postgres: PostgresServer;
  databaseUrl: string;
  services: Record<'registry' | 'registration' | 'pipeline', RunningService>;
  stop(): Promise<void>;
}

const DATABASE = 'sbonus_local';

/** Kafka, PostgreSQL and every service on loopback, preferring the conventional ports. */
export async function startStack(log: (line: string) => void): Promise<Stack> {
  const [kafka, postgres] = await Promise.all([
    KafkaBroker.start({ port: await preferPort(9092), log }),
    resolvePostgres(process.env, log),
  ]);
  const databaseUrl = await createDatabase(postgres.adminUrl, DATABASE);
  log(`PostgreSQL (${postgres.source}): database ${DATABASE} created fresh for this run`);
  const common = { KAFKA_BROKERS: kafka.bootstrapServers, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
  const started: RunningService[] = [];
  const launch = async (name: string, app: string, preferred: number, env: Record<string, string>, nodeArgs: string[] = []) => {
    const port = await preferPort(preferred);
    const proc = startServiceProcess(app, { ...common, HTTP_PORT: String(port), ...env }, (chunk) => echoWarnings(name, chunk, log), nodeArgs);
    const service = { name, url: `http://127.0.0.1:${port}`, process: proc };
    started.push(service);
    await proc.waitUntilReady(port, 90_000);
    return service;
  };
  const stop = async () => {
    await Promise.all(started.map((s) => s.process.stop('SIGTERM')));
    await kafka.stop();
    await postgres.stop();
  };
  try {
    const registry = await launch('sgroup-registry-stand-in', 'sgroup-registry-stand-in', 4010, {
      SGROUP_SEED_FILE: join(repoRoot(), 'apps', 'sgroup-registry-stand-in', 'seed', 'demo-members.json'),
    });
    const [registration, pipeline] = await Promise.all([
      launch('registration-service', 'registration-service', 3000, { SGROUP_REGISTRY_URL: registry.url }),
      // Run as the benchmark measured it (peak RSS under 300 MB, docs/benchmarks.md).
      launch('bonus-pipeline', 'bonus-pipeline', 3001, PIPELINE_ENV, PIPELINE_NODE_ARGS),
    ]);
    return { kafka, postgres, databaseUrl, services: { registry, registration, pipeline }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export const TOPICS = DEFAULT_TOPICS;

// Services log JSON at warn level here; show their warnings and errors, not their chatter.
function echoWarnings(name: string, chunk: string, log: (line: string) => void): void {
  for (const line of chunk.split('\n').filter(Boolean)) {
    try {
      const entry = JSON.parse(line) as { level?: string; message?: string };
      if (entry.level === 'warn' || entry.level === 'error' || entry.level === 'fatal') log(`${name} ${entry.level}: ${entry.message}`);
    } catch {
      log(`${name}: ${line}`);
    }
  }
}
