import {
  IsIn,
  IsInt,
  IsString,
  Max,
  Min,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { loadEnvironment } from '@sa/config';
import { resolveTopicNames, TopicNames } from '@sa/contracts';
import { BaseServiceEnv, OpsCredential, parseOpsCredentials } from '@sa/platform';

/** Kafka's own rule: a member heartbeats several times per session, so one lost heartbeat is not a crash. */
@ValidatorConstraint({ name: 'heartbeatWellInsideSession' })
class HeartbeatWellInsideSession implements ValidatorConstraintInterface {
  validate(value: number, { object }: ValidationArguments): boolean {
    return value * 3 <= (object as BonusPipelineEnv).KAFKA_SESSION_TIMEOUT_MS;
  }
  defaultMessage(): string {
    return 'must be at most a third of KAFKA_SESSION_TIMEOUT_MS';
  }
}

/** Every variable the bonus pipeline reads; validated before Nest starts. */
export class BonusPipelineEnv extends BaseServiceEnv {
  @IsInt()
  @Min(0)
  @Max(65535)
  override HTTP_PORT: number = 3001;

  @IsString()
  KAFKA_GROUP_ID: string = 'bonus-pipeline';

  @IsString()
  KAFKA_CLIENT_ID: string = 'bonus-pipeline';

  /** How far back a contract or consent change may correct earlier invoices (see docs/bonus-pipeline.md). */
  @IsInt()
  @Min(0)
  @Max(36_500)
  BONUS_CORRECTION_WINDOW_DAYS: number = 400;

  /** Messages per database transaction. */
  @IsInt()
  @Min(1)
  @Max(20_000)
  BONUS_MAX_BATCH_SIZE: number = 5000;

  @IsInt()
  @Min(1)
  @Max(64)
  BONUS_PARTITIONS_CONCURRENTLY: number = 6;

  /**
   * How long the broker waits for a silent member before giving its partitions to the others: after a
   * crash, a restarted instance waits up to this long for the dead member's session to expire. Short
   * for quick recovery; long enough that a busy event loop (GC pause, a big batch) is not taken for a
   * crash. The broker's group.min.session.timeout.ms (6 s by default) is the floor (docs/reliability.md).
   */
  @IsInt()
  @Min(6_000)
  @Max(300_000)
  KAFKA_SESSION_TIMEOUT_MS: number = 8_000;

  /** How often the consumer tells the broker it is alive, also while a batch is being processed. */
  @IsInt()
  @Min(100)
  @Max(100_000)
  @Validate(HeartbeatWellInsideSession)
  KAFKA_HEARTBEAT_INTERVAL_MS: number = 1_000;

  @IsInt()
  @Min(1)
  @Max(1000)
  TOPIC_INVOICES_PARTITIONS: number = 6;

  @IsInt()
  @Min(1)
  @Max(1000)
  TOPIC_OTHER_PARTITIONS: number = 3;

  @IsInt()
  @Min(1)
  @Max(50_000)
  OUTBOX_RELAY_BATCH_SIZE: number = 5000;

  @IsInt()
  @Min(1)
  @Max(10_000)
  OUTBOX_RELAY_IDLE_POLL_MS: number = 20;

  /**
   * Where the outbox relay runs: its own thread with its own pg pool and producer (the default: on
   * the event loop it fell behind the batches; 8,710 against 12,402 invoices/s, RSS 257 and 275 MB,
   * docs/benchmarks.md), or the service's event loop (one thread, for a single-core host).
   */
  @IsIn(['worker-thread', 'event-loop'])
  OUTBOX_RELAY_RUNS_ON: 'worker-thread' | 'event-loop' = 'worker-thread';

  @IsInt()
  @Min(2)
  @Max(100)
  DATABASE_POOL_SIZE: number = 8;

  /**
   * `auto`: an empty bonus schema (new or lost) whose purchases topic carries events is rebuilt from that topic
   * and catches up without sending purchases, then sends only what the topic is missing (docs/reliability.md).
   */
  @IsIn(['auto', 'off'])
  BONUS_RECOVERY: 'auto' | 'off' = 'auto';

  /** The topic "what was sent" is read from; empty: the purchases topic (a dry run reads the real one). */
  @IsString()
  BONUS_RECOVERY_SOURCE_TOPIC: string = '';

  /**
   * Debug only, for chaos runs (`npm run chaos`): with SIGUSR2, that signal kills the relay thread
   * (the service restarts it after a second). Off in production.
   */
  @IsIn(['off', 'SIGUSR2'])
  BONUS_DEBUG_RELAY_KILL_SIGNAL: 'off' | 'SIGUSR2' = 'off';
}

export interface BonusPipelineConfig {
  logLevel: BonusPipelineEnv['LOG_LEVEL'];
  shutdownTimeoutMs: number;
  http: { host: string; port: number };
  kafka: {
    brokers: string[];
    clientId: string;
    groupId: string;
    maxBatchSize: number;
    partitionsConcurrently: number;
    sessionTimeoutMs: number;
    heartbeatIntervalMs: number;
  };
  topics: TopicNames;
  partitions: { invoices: number; others: number };
  database: { url: string; schema: 'bonus'; poolSize: number };
  correctionWindowDays: number;
  relay: {
    batchSize: number;
    idlePollMs: number;
    runsOn: 'worker-thread' | 'event-loop';
    debugKillSignal: 'off' | 'SIGUSR2';
  };
  opsCredentials: OpsCredential[];
  recovery: { mode: 'auto' | 'off'; sourceTopic: string };
}

export const BONUS_PIPELINE_CONFIG = Symbol('BONUS_PIPELINE_CONFIG');

// The only place that reads process.env.
export function loadBonusPipelineConfig(env: Record<string, string | undefined> = process.env): BonusPipelineConfig {
  const e = loadEnvironment('bonus-pipeline', BonusPipelineEnv, env);
  const topics = resolveTopicNames(env);
  return {
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID,
      groupId: e.KAFKA_GROUP_ID,
      maxBatchSize: e.BONUS_MAX_BATCH_SIZE,
      partitionsConcurrently: e.BONUS_PARTITIONS_CONCURRENTLY,
      sessionTimeoutMs: e.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: e.KAFKA_HEARTBEAT_INTERVAL_MS,
    },
    topics,
    partitions: { invoices: e.TOPIC_INVOICES_PARTITIONS, others: e.TOPIC_OTHER_PARTITIONS },
    database: { url: e.DATABASE_URL, schema: 'bonus', poolSize: e.DATABASE_POOL_SIZE },
    correctionWindowDays: e.BONUS_CORRECTION_WINDOW_DAYS,
    relay: {
      batchSize: e.OUTBOX_RELAY_BATCH_SIZE,
      idlePollMs: e.OUTBOX_RELAY_IDLE_POLL_MS,
      runsOn: e.OUTBOX_RELAY_RUNS_ON,
      debugKillSignal: e.BONUS_DEBUG_RELAY_KILL_SIGNAL,
    },
    opsCredentials: parseOpsCredentials(e.OPS_CREDENTIALS),
    recovery: { mode: e.BONUS_RECOVERY, sourceTopic: e.BONUS_RECOVERY_SOURCE_TOPIC || topics.bonusPurchases },
  };
}
