import { loadEnvironment } from '@sa/config';
import { LogLevelName } from '@sa/platform';
import { ConsoleEnv } from './console.env';

export const SERVICE_NAME = 'console';
/** The console's own PostgreSQL schema: its sessions and its migrations table. */
export const DB_SCHEMA = 'console';
export const CONSOLE_CONFIG = Symbol('CONSOLE_CONFIG');

/** The one typed configuration object, provided through DI; nothing else reads the environment. */
export interface ConsoleConfig {
  logLevel: LogLevelName;
  shutdownTimeoutMs: number;
  http: { host: string; port: number };
  database: { url: string; schema: string; poolSize: number };
  registrationApiUrl: string;
  pipelineUrl: string;
  upstreamTimeoutMs: number;
  sessions: { idleMs: number; maxMs: number; secureCookie: boolean };
  metrics: { token: string | null; sampleMs: number };
}

export function loadConsoleConfig(env: Record<string, string | undefined> = process.env): ConsoleConfig {
  const e = loadEnvironment(SERVICE_NAME, ConsoleEnv, env);
  return {
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    database: { url: e.DATABASE_URL, schema: DB_SCHEMA, poolSize: e.DATABASE_POOL_SIZE },
    registrationApiUrl: e.REGISTRATION_API_URL.replace(/\/+$/, ''),
    pipelineUrl: e.PIPELINE_URL.replace(/\/+$/, ''),
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
    sessions: {
      idleMs: e.SESSION_IDLE_MINUTES * 60_000,
      maxMs: e.SESSION_MAX_HOURS * 3_600_000,
      secureCookie: e.COOKIE_SECURE === 'true',
    },
    metrics: { token: e.CONSOLE_OPS_TOKEN ?? null, sampleMs: e.METRICS_SAMPLE_SECONDS * 1000 },
  };
}
