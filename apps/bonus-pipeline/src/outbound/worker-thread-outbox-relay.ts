import { once } from 'node:events';
import { join, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LoggerService } from '@nestjs/common';
import { OutboxRelayControl } from '@sa/kafka';
import { RelayWorkerOptions, RelayWorkerSignal } from './relay-worker-options';

/** The compiled worker: beside this file, or under dist/ when this runs from sources (ts-jest). */
function workerFile(): string {
  if (!__filename.endsWith('.ts')) return join(__dirname, 'outbox-relay.worker.js');
  const at = __dirname.lastIndexOf(`${sep}apps${sep}`);
  return join(__dirname.slice(0, at), 'dist', __dirname.slice(at + 1), 'outbox-relay.worker.js');
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

  constructor(
    private readonly options: RelayWorkerOptions,
    private readonly logger: LoggerService,
  ) {}

  async start(): Promise<void> {
    this.stopping = false;
    await this.spawn();
  }

  nudge(): void {
    this.worker?.postMessage('nudge' satisfies RelayWorkerSignal);
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
    // A relay batch is a few MB; without limits the thread's heap would be sized like the main one.
    const worker = new Worker(workerFile(), { workerData: this.options, resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } });
    this.worker = worker;
    return new Promise((resolve, reject) => {
      let started = false;
      worker.on('message', (message) => {
        if (message !== 'started') return;
        started = true;
        resolve();
      });
      worker.on('error', (error) => this.logger.error({ message: 'relay thread failed', error: error.message }, 'OutboxRelay'));
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
