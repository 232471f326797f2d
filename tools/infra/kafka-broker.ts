import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKafkaJars } from './kafka-jars';
import { freePort } from './free-port';

export interface KafkaBrokerOptions {
  /** Client port; a free one when omitted. */
  port?: number;
  heapMb?: number;
  log?: (line: string) => void;
}

/** A real single-node Apache Kafka (broker + KRaft controller) on loopback, run from Maven-resolved jars. */
export class KafkaBroker {
  private exited = false;

  private constructor(
    readonly port: number,
    private child: ChildProcess,
    /** A fresh temporary folder for KRaft's log and the broker's own, removed on stop. */
    private readonly dataDir: string,
    private readonly logFile: string,
    private readonly launch: () => ChildProcess,
  ) {
    this.watch(child);
  }

  private watch(child: ChildProcess): void {
    this.exited = false;
    child.once('exit', () => (this.exited = true));
    // If this Node process ends abruptly, do not leave a JVM behind.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
  }

  get bootstrapServers(): string {
    return `127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  static async start(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
    const log = options.log ?? (() => undefined);
    const libs = await ensureKafkaJars(log);
    const port = options.port ?? (await freePort());
    const controllerPort = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'sbonus-kafka-'));
    const logFile = join(dataDir, 'broker.log');
    const classpath = `${libs}/*`;

    writeFileSync(join(dataDir, 'server.properties'), serverProperties(port, controllerPort, join(dataDir, 'kraft')));
    writeFileSync(join(dataDir, 'log4j.properties'), LOG4J);
    const format = spawnSync(
      'java',
      [
        '-cp',
        classpath,
        'kafka.tools.StorageTool',
        'format',
        '-t',
        newClusterId(),
        '-c',
        join(dataDir, 'server.properties'),
      ],
      { encoding: 'utf8' },
    );
    if (format.status !== 0)
      throw new Error(`Kafka storage format failed (exit ${format.status}):\n${format.stdout}${format.stderr}`);

    const launch = () => {
      const out = openSync(logFile, 'a');
      const child = spawn(
        'java',
        [
          `-Xmx${options.heapMb ?? 768}m`,
          `-Xms${Math.min(256, options.heapMb ?? 768)}m`,
          '-XX:+UseG1GC',
          `-Dlog4j.configuration=file:${join(dataDir, 'log4j.properties')}`,
          '-cp',
          classpath,
          'kafka.Kafka',
          join(dataDir, 'server.properties'),
        ],
        { stdio: ['ignore', out, out] },
      );
      closeSync(out);
      return child;
    };
    const broker = new KafkaBroker(port, launch(), dataDir, logFile, launch);

    try {
      await broker.waitUntilReady(90_000);
    } catch (error) {
      await broker.stop();
      throw error;
    }
    log(`Kafka ${port} ready (pid ${broker.pid}, data ${dataDir})`);
    return broker;
  }

  /** The last lines of the broker's own log, for error messages. */
  logTail(lines = 40): string {
    if (!existsSync(this.logFile)) return '(no broker log)';
    return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }

  async stop(): Promise<void> {
    await this.shutDown();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /**
   * Stops the broker (controlled shutdown) and starts it again on the same port with the same data:
   * topics, messages and committed offsets survive, as in a rolling restart. For chaos runs.
   */
  async restart(timeoutMs = 120_000): Promise<void> {
    await this.shutDown();
    const logSoFar = existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8').length : 0;
    this.child = this.launch();
    this.watch(this.child);
    await this.waitUntilReady(timeoutMs, logSoFar);
  }

  private async shutDown(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await gone;
    clearTimeout(timer);
  }

  /** `logFrom`: where this start's lines begin in the log (a restart appends to it). */
  private async waitUntilReady(timeoutMs: number, logFrom = 0): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`Kafka exited during start-up. Broker log tail:\n${this.logTail()}`);
      // The broker logs this once it serves clients; a bare open port is not enough (the controller comes first).
      const started = () => readFileSync(this.logFile, 'utf8').slice(logFrom).includes('Kafka Server started');
      if ((await canConnect(this.port)) && started()) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(
      `Kafka did not become ready on 127.0.0.1:${this.port} within ${timeoutMs} ms. ` +
        `Broker log tail:\n${this.logTail()}`,
    );
  }
}

// A KRaft cluster id is 16 random bytes in base64url; one starting with '-' would be read as a flag.
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => done(true));
  });
}

// One node: replication factor 1 everywhere, no rebalance delay, topics created explicitly.
function serverProperties(port: number, controllerPort: number, logDir: string): string {
  return `process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controllerPort}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=${logDir}
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=5
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
`;
}

const LOG4J = `log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.request.logger=WARN
`;
