import { PageContext } from '../views/page-context';

/** The few Express members the console uses (this repo has no @types/express). */
export interface ConsoleRequest {
  method: string;
  path: string;
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  params: Record<string, string>;
  body: unknown;
  /** Set by the session middleware before any controller runs. */
  ctx: PageContext;
  /** The raw session id from the cookie (for sign-out). */
  sessionId?: string;
}

export interface ConsoleResponse {
  statusCode: number;
  status(code: number): ConsoleResponse;
  setHeader(name: string, value: string | string[]): unknown;
  getHeader(name: string): unknown;
  append(name: string, value: string): unknown;
  redirect(status: number, url: string): void;
  type(type: string): ConsoleResponse;
  send(body: string | Buffer): void;
}

export type Next = (error?: unknown) => void;
