import { IsOptional, IsString } from 'class-validator';
import { loadEnvironment } from '@sa/config';
import { HttpServiceEnv, LogLevelName } from '@sa/platform';

export const STAND_IN_SERVICE = 'sgroup-registry-stand-in';

// No Kafka, no database: only the HTTP variables every service shares, and the seed file.
class StandInEnv extends HttpServiceEnv {
  /** JSON array of { memberNumber, householdId, ownerCustomer }; empty register when not set. */
  @IsOptional()
  @IsString()
  SGROUP_SEED_FILE?: string;

  override SHUTDOWN_TIMEOUT_MS: number = 10_000;
}

export interface StandInConfig {
  logLevel: LogLevelName;
  shutdownTimeoutMs: number;
  http: { host: string; port: number };
  seedFile: string | null;
}

export function loadStandInConfig(env: Record<string, string | undefined> = process.env): StandInConfig {
  const e = loadEnvironment(STAND_IN_SERVICE, StandInEnv, env);
  return {
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    seedFile: e.SGROUP_SEED_FILE ?? null,
  };
}
