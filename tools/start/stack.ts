import { join } from 'node:path';
import { DEFAULT_TOPICS } from '@sa/contracts';
import { newOpsCredential } from '@sa/platform';
import { KafkaBroker } from '../infra/kafka-broker';
import { preferPort } from '../infra/free-port';
import { createDatabase, dropDatabase, freshDatabaseName } from '../infra/postgres-server';
import { PostgresServer, resolvePostgres } from '../infra/postgres-server';
import { PIPELINE_ENV, PIPELINE_NODE_ARGS } from '../infra/pipeline-runtime';
import { issueApiKey, ServiceProcess, startServiceProcess } from '../infra/service-process';
import { repoRoot } from '../infra/repo-root';

export interface RunningService {
  name: string;
  url: string;
  process: ServiceProcess;
}

export interface Stack {
  kafka: KafkaBroker;
  postgres: PostgresServer;
  /** A new database this run created (never an existing one); dropped when the stack stops. */
  databaseName: string;
  databaseUrl: string;
  services: Record<'registry' | 'registration' | 'pipeline' | 'console', RunningService>;
  /** This run's ops token (role operator), accepted by every service's ops endpoints. */
  opsToken: string;
  /** A demo agent's credentials for the console: agent-17 and a key issued in this run's database. */
  demoAgent: { agentId: string; apiKey: string };
  stop(): Promise<void>;
}

/**
 * Everything one `npm start` run started, so a signal at any moment (even half-way through start-up)
 * stops exactly that: services first, then this run's database, then Kafka and any PostgreSQL it ran.
 */
export class RunResources {
  private readonly layers = new Map<number, (() => Promise<void>)[]>();
  private readonly starting = new Set<Promise<unknown>>();
  private stopping: Promise<void> | undefined;

  constructor(private readonly log: (line: string) => void) {}

  get stopped(): boolean {
    return this.stopping !== undefined;
  }

  /**
   * Hands over something that is starting. Layer 0: servers; 1: databases on them; 2: services
   * using both; higher layers stop first. If stop() has begun by the time it is up, it is stopped
   * right away (and stop() waits for that), so nothing half-started outlives the run.
   */
  track<T>(layer: number, what: string, starting: Promise<T>, stopIt: (started: T) => Promise<void>): Promise<T> {
    const adopted = starting.then(async (started) => {
      const stopOne = () => this.stopQuietly(what, () => stopIt(started));
      if (this.stopping) {
        await stopOne();
        throw new Error(`start-up interrupted: ${what} stopped again`);
      }
      this.layers.set(layer, [...(this.layers.get(layer) ?? []), stopOne]);
      return started;
    });
    const settled = adopted.then(
      () => undefined,
      () => undefined,
    );
    this.starting.add(settled);
    void settled.then(() => this.starting.delete(settled));
    return adopted;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.all(this.starting);
      for (const layer of [...this.layers.keys()].sort((a, b) => b - a)) {
        await Promise.all(this.layers.get(layer)!.map((stopOne) => stopOne()));
      }
    })();
    return this.stopping;
  }

  private async stopQuietly(what: string, stop: () => Promise<void>): Promise<void> {
    try {
      await stop();
    } catch (error) {
      this.log(`could not stop ${what}: ${(error as Error).message}`);
    }
  }
}

/**
 * Kafka, PostgreSQL and every service on loopback, preferring the conventional ports. The database is
 * a new one with a name of this run's own; it is dropped at stop because this run created it.
 */
export async function startStack(log: (line: string) => void, run = new RunResources(log)): Promise<Stack> {
  const stop = () => run.stop();
  try {
    const [kafka, postgres] = await Promise.all([
      run.track(
        0,
        'Kafka',
        preferPort(9092).then((port) => KafkaBroker.start({ port, log })),
        (k) => k.stop(),
      ),
      run.track(0, 'PostgreSQL', resolvePostgres(process.env, log), (p) => p.stop()),
    ]);
    const databaseName = freshDatabaseName('sbonus_demo');
    const created = createDatabase(postgres.adminUrl, databaseName);
    const databaseUrl = await run.track(1, `database ${databaseName}`, created, async () => {
      await dropDatabase(postgres.adminUrl, databaseName);
      log(`database ${databaseName} dropped (this run created it)`);
    });
    log(`PostgreSQL (${postgres.source}): database ${databaseName} created for this run, dropped when it stops`);
    // One operator token for this run, printed once: the ops endpoints of every service accept it.
    const ops = newOpsCredential('demo-operator', 'operator');
    // The console's own read-only token, for sampling the pipeline's metrics.
    const consoleOps = newOpsCredential('console', 'viewer');
    const common = {
      KAFKA_BROKERS: kafka.bootstrapServers,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      OPS_CREDENTIALS: `${ops.entry},${consoleOps.entry}`,
    };
    type Env = Record<string, string>;
    const launch = async (name: string, app: string, preferred: number, env: Env, nodeArgs: string[] = []) => {
      const port = await preferPort(preferred);
      if (run.stopped) throw new Error('start-up interrupted');
      const onOutput = (chunk: string) => echoWarnings(name, chunk, log);
      const spawned = startServiceProcess(app, { ...common, HTTP_PORT: String(port), ...env }, onOutput, nodeArgs);
      const proc = await run.track(2, name, Promise.resolve(spawned), async (p) => void (await p.stop('SIGTERM')));
      await proc.waitUntilReady(port, 90_000);
      return { name, url: `http://127.0.0.1:${port}`, process: proc };
    };
    const registry = await launch('sgroup-registry-stand-in', 'sgroup-registry-stand-in', 4010, {
      SGROUP_SEED_FILE: join(repoRoot(), 'apps', 'sgroup-registry-stand-in', 'seed', 'demo-members.json'),
    });
    const [registration, pipeline] = await Promise.all([
      launch('registration-service', 'registration-service', 3000, { SGROUP_REGISTRY_URL: registry.url }),
      // Run as the benchmark measured it (peak RSS under 300 MB, docs/benchmarks.md).
      launch('bonus-pipeline', 'bonus-pipeline', 3001, PIPELINE_ENV, PIPELINE_NODE_ARGS),
    ]);
    const consoleApp = await launch('console', 'console', 3003, {
      REGISTRATION_API_URL: registration.url,
      PIPELINE_URL: pipeline.url,
      CONSOLE_OPS_TOKEN: consoleOps.token,
    });
    const demoAgent = { agentId: 'agent-17', apiKey: issueApiKey(databaseUrl, 'agent-17') };
    const services = { registry, registration, pipeline, console: consoleApp };
    return { kafka, postgres, databaseName, databaseUrl, services, opsToken: ops.token, demoAgent, stop };
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
      if (entry.level === 'warn' || entry.level === 'error' || entry.level === 'fatal')
        log(`${name} ${entry.level}: ${entry.message}`);
    } catch {
      log(`${name}: ${line}`);
    }
  }
}
