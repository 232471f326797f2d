import { ArrayMinSize, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CommaList } from '@sa/config';
import { OPS_CREDENTIAL_PATTERN } from '../ops-access/ops-credentials';

/** What every HTTP service reads: where it listens, how it logs, how long SIGTERM may take. */
export class HttpServiceEnv {
  @IsString()
  HTTP_HOST: string = '127.0.0.1';

  @IsInt()
  @Min(0)
  @Max(65535)
  HTTP_PORT!: number;

  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';

  @IsInt()
  @Min(1000)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS: number = 30_000;
}

/** Variables every Kafka + PostgreSQL service reads; each such service's env class extends this one. */
export class BaseServiceEnv extends HttpServiceEnv {
  @CommaList()
  @ArrayMinSize(1, { message: 'KAFKA_BROKERS must list at least one host:port' })
  @Matches(/^[A-Za-z0-9.-]+:\d{1,5}$/, {
    each: true,
    message: 'KAFKA_BROKERS must be a comma-separated list of host:port',
  })
  KAFKA_BROKERS!: string[];

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  /**
   * Who may call ops endpoints (metrics, summaries, dead letters, reports): `name:role:sha256-of-token`
   * entries, role `viewer` or `operator`; `npm run -s issue-ops-token` makes one. Empty: ops endpoints answer 401.
   */
  @CommaList()
  @Matches(OPS_CREDENTIAL_PATTERN, {
    each: true,
    message: 'OPS_CREDENTIALS must be a comma-separated list of name:viewer|operator:<64 hex sha256 of the token>',
  })
  OPS_CREDENTIALS: string[] = [];

  @IsOptional() @IsString() TOPIC_INVOICES?: string;
  @IsOptional() @IsString() TOPIC_CRM_CONTRACTS?: string;
  @IsOptional() @IsString() TOPIC_CONSENTS?: string;
  @IsOptional() @IsString() TOPIC_BONUS_PURCHASES?: string;
  @IsOptional() @IsString() TOPIC_INVOICE_DECISIONS?: string;
  @IsOptional() @IsString() TOPIC_DEAD_LETTERS?: string;
}
