import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { loadEnvironment } from '@sa/config';

export const STAND_IN_SERVICE = 'sgroup-registry-stand-in';
export const STAND_IN_CONFIG = Symbol('STAND_IN_CONFIG');

class StandInEnv {
  @IsString()
  HTTP_HOST: string = '127.0.0.1';

  @IsInt()
  @Min(0)
  @Max(65535)
  HTTP_PORT!: number;

  /** JSON array of { memberNumber, householdId, ownerCustomer }; empty register when not set. */
  @IsOptional()
  @IsString()
  SGROUP_SEED_FILE?: string;

  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';

  @IsInt()
  @Min(1000)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS: number = 10_000;
}

export interface StandInConfig {
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  shutdownTimeoutMs: number;
  http: { host: string; port: number };
  seedFile: string | null;
}

export function loadStandInConfig(env: Record<string, string | undefined> = process.env): StandInConfig {
  const e = loadEnvironment(STAND_IN_SERVICE, StandInEnv, env);
  return { logLevel: e.LOG_LEVEL, shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS, http: { host: e.HTTP_HOST, port: e.HTTP_PORT }, seedFile: e.SGROUP_SEED_FILE ?? null };
}
