/** The few Express request/response members the HTTP plumbing uses (no @types/express in this repo). */
export interface HttpRequest {
  method: string;
  path: string;
  body: unknown;
  agentId?: string;
}

export interface HttpResponse {
  statusCode: number;
  locals: Record<string, unknown>;
  headersSent: boolean;
  status(code: number): HttpResponse;
  json(body: unknown): void;
  on(event: 'finish', listener: () => void): void;
}

export type Next = (error?: unknown) => void;
