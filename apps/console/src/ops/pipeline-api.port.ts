import { UpstreamAnswer } from '../infrastructure/upstream-http';

export interface DeadLetterSummary {
  id: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  sourceKey: string | null;
  code: string;
  message: string;
  fields: unknown;
  recordedAt: string;
  redriveCount: number;
  lastRedrive: unknown;
}

export interface DeadLetterDetail extends DeadLetterSummary {
  rawValue: string | null;
  rawValueEncoding: string;
  rawValueBytes: number;
  redrives?: unknown[];
  [more: string]: unknown;
}

export interface DeadLetterPage {
  items: DeadLetterSummary[];
  next: string | null;
}

export interface DeadLetterFilter {
  sourceTopic?: string;
  code?: string;
  since?: string;
  until?: string;
  limit?: string;
  before?: string;
}

export interface RedriveResult {
  id: string;
  outcome: 'DECIDED' | 'DEAD_AGAIN' | 'ALREADY_PROCESSED' | 'NOT_FOUND' | string;
  code?: string;
  message?: string;
}

/** Port: the bonus pipeline's ops HTTP API, called with the signed-in ops user's token. */
export interface PipelineApi {
  /** Any answer but 401 means the pipeline knows the token. */
  verify(token: string): Promise<UpstreamAnswer<unknown>>;
  metricsText(token: string): Promise<UpstreamAnswer<string>>;
  deadLetters(token: string, filter: DeadLetterFilter): Promise<UpstreamAnswer<DeadLetterPage>>;
  deadLetter(token: string, id: string): Promise<UpstreamAnswer<DeadLetterDetail>>;
  redrive(token: string, ids: string[]): Promise<UpstreamAnswer<{ results: RedriveResult[] }>>;
  parked(token: string): Promise<UpstreamAnswer<unknown>>;
  /** `{ republished }`: how many of the rows were put back in line for the relay. */
  republish(token: string, ids: string[]): Promise<UpstreamAnswer<{ republished: number }>>;
  reconciliation(token: string, month: string): Promise<UpstreamAnswer<unknown>>;
  reconciliationCsv(token: string, month: string): Promise<UpstreamAnswer<string>>;
  explainInvoice(token: string, invoiceId: string): Promise<UpstreamAnswer<unknown>>;
}

export const PIPELINE_API = Symbol('PIPELINE_API');
