import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { HttpServiceEnv } from '@sa/platform';

const HTTP_URL = /^https?:\/\/[^\s/]+(\/[^\s]*)?$/;

/** The console's environment, validated before Nest starts. */
export class ConsoleEnv extends HttpServiceEnv {
  @Matches(HTTP_URL, { message: 'REGISTRATION_API_URL must be an http(s) URL, e.g. http://127.0.0.1:3000' })
  REGISTRATION_API_URL!: string;

  @Matches(HTTP_URL, { message: 'PIPELINE_URL must be an http(s) URL, e.g. http://127.0.0.1:3001' })
  PIPELINE_URL!: string;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @IsInt()
  @Min(2)
  @Max(50)
  DATABASE_POOL_SIZE: number = 5;

  /** A session unused this long is over. */
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  SESSION_IDLE_MINUTES: number = 30;

  /** A session is over this long after sign-in, however busy. */
  @IsInt()
  @Min(1)
  @Max(7 * 24)
  SESSION_MAX_HOURS: number = 8;

  /** true behind TLS (the cookie is then sent over HTTPS only); false for plain http on loopback. */
  @IsIn(['true', 'false'], { message: 'COOKIE_SECURE must be true or false' })
  COOKIE_SECURE: string = 'false';

  /** Per call to the registration API or the pipeline. */
  @IsInt()
  @Min(100)
  @Max(60_000)
  UPSTREAM_TIMEOUT_MS: number = 10_000;

  /**
   * The console's own ops token (role viewer) for sampling the pipeline's /metrics every
   * METRICS_SAMPLE_SECONDS; without one the dashboard says so and draws nothing.
   */
  @IsOptional()
  @Matches(/^\S{16,}$/, { message: 'CONSOLE_OPS_TOKEN must be an ops token (npm run -s issue-ops-token)' })
  CONSOLE_OPS_TOKEN?: string;

  @IsInt()
  @Min(1)
  @Max(300)
  METRICS_SAMPLE_SECONDS: number = 15;
}
