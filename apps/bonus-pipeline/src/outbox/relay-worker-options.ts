import { LogLevelName } from '@sa/platform';

/** What the relay thread needs to build its own pool and producer (plain data: it crosses threads). */
export interface RelayWorkerOptions {
  databaseUrl: string;
  schema: string;
  brokers: string[];
  clientId: string;
  batchSize: number;
  idlePollMs: number;
  logLevel: LogLevelName;
}

export type RelayWorkerSignal = 'nudge' | 'stop';

/** The thread's first message: it is publishing, within this heap. */
export interface RelayWorkerStarted {
  started: true;
  heapLimitMb: number;
}

/** The durations of the passes that published rows since the last report (at most one report a second). */
export interface RelayWorkerObservations {
  publishSeconds: number[];
}

export type RelayWorkerReport = RelayWorkerStarted | RelayWorkerObservations;

/** How often the thread reports its observations to the main thread's metrics. */
export const RELAY_OBSERVATIONS_EVERY_MS = 1000;
