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
