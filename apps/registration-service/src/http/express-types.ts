/** The few Express request/response members the HTTP plumbing uses (no @types/express in this repo). */
export interface HttpRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  query: unknown;
  agentId?: string;
  /** Set by the request gate: the matched operation takes a JSON body, so the parser reads it. */
  takesJsonBody?: boolean;
}

export interface HttpResponse {
  statusCode: number;
  locals: Record<string, unknown>;
  headersSent: boolean;
  status(code: number): HttpResponse;
  setHeader(name: string, value: string): unknown;
  json(body: unknown): void;
  on(event: 'finish', listener: () => void): void;
}

export type Next = (error?: unknown) => void;
