import { once } from 'node:events';
import { join, sep } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { LoggerService } from '@nestjs/common';
import { RelayWorkerOptions, RelayWorkerReport, RelayWorkerSignal } from './relay-worker-options';
import { OutboxRelayControl } from '@sa/outbox';

/** The compiled worker: beside this file, or under dist/ when this runs from sources (ts-jest). */
function workerFile(): string {
  if (!__filename.endsWith('.ts')) return join(__dirname, 'outbox-relay.worker.js');
  const at = __dirname.lastIndexOf(`${sep}apps${sep}`);
  return join(__dirname.slice(0, at), 'dist', __dirname.slice(at + 1), 'outbox-relay.worker.js');
}

const RELAY_HEAP_LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 };

/**
 * Heap-size flags (the service's NODE_OPTIONS and node arguments) override a worker's
 * resourceLimits, so the relay thread would get the main thread's 192 MB old space and 16 MB
 * semi-spaces and, with its lazy collections, hold ~90 MB (measured). V8 reads these flags only
 * when it creates an isolate: clearing them leaves the running main heap as it was configured.
 */
function releaseHeapFlagsForNewIsolates(): void {
  for (const flag of ['max-old-space-size', 'max-semi-space-size', 'initial-old-space-size'])
    setFlagsFromString(`--${flag}=0`);
}

/**
 * Runs the OutboxRelay on a worker thread. On the service's event loop, busy decoding, judging and
 * writing batches, the relay fell behind them (the outbox grew during the benchmark); on a thread
 * with its own pool and producer it uses the second core. The guarantees are OutboxRelay's: one
 * relay per schema at a time, rows deleted only together with their publish. A thread that dies
 * is restarted after a second; its rows wait in the outbox meanwhile.
 */
export class WorkerThreadOutboxRelay implements OutboxRelayControl {
  private worker: Worker | undefined;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  /** The running thread's V8 heap limit, as it reported it. */
  heapLimitMb: number | undefined;

  constructor(
    private readonly options: RelayWorkerOptions,
    private readonly logger: LoggerService,
    /** Told of each pass that published rows (the thread reports them about once a second). */
    private readonly onPublished: (seconds: number) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    this.stopping = false;
    await this.spawn();
  }

  nudge(): void {
    this.worker?.postMessage('nudge' satisfies RelayWorkerSignal);
  }

  /**
   * Ends the thread abruptly, as a crash in it would (mid-publish, rows not yet deleted): the
   * restart below brings a new one up. Only for chaos runs (BONUS_DEBUG_RELAY_KILL_SIGNAL).
   */
  async killThread(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.logger.warn({ message: 'relay thread killed on request (debug signal)' }, 'OutboxRelay');
    await worker.terminate();
  }

  /** Drains what is committed, then the thread ends. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) return;
    const exited = once(worker, 'exit');
    worker.postMessage('stop' satisfies RelayWorkerSignal);
    await exited;
  }

  private spawn(): Promise<void> {
    releaseHeapFlagsForNewIsolates();
    // A relay batch is a few MB; without limits the thread's heap would be sized like the main one.
    const worker = new Worker(workerFile(), { workerData: this.options, resourceLimits: RELAY_HEAP_LIMITS });
    this.worker = worker;
    return new Promise((resolve, reject) => {
      let started = false;
      worker.on('message', (message: RelayWorkerReport) => {
        if ('publishSeconds' in message) {
          for (const seconds of message.publishSeconds) this.onPublished(seconds);
          return;
        }
        started = true;
        this.heapLimitMb = message.heapLimitMb;
        this.logger.log({ message: 'relay thread started', heapLimitMb: message.heapLimitMb }, 'OutboxRelay');
        resolve();
      });
      worker.on('error', (error) =>
        this.logger.error({ message: 'relay thread failed', error: error.message }, 'OutboxRelay'),
      );
      worker.once('exit', (code) => {
        if (this.worker === worker) this.worker = undefined;
        if (!started) return reject(new Error(`relay thread ended with code ${code} before it started`));
        if (!this.stopping) this.restartLater(code);
      });
    });
  }

  private restartLater(code: number): void {
    this.logger.error({ message: 'relay thread ended; restarting it in 1 s', code }, 'OutboxRelay');
    this.restartTimer = setTimeout(() => {
      if (!this.stopping) this.spawn().catch(() => this.restartLater(-1));
    }, 1000);
  }
}
