import { loadEnvironment } from '@sa/config';
import { TopicNames, resolveTopicNames } from '@sa/contracts';
import { LogLevelName, OpsCredential, parseOpsCredentials } from '@sa/platform';
import { RegistrationCliEnv, RegistrationEnv } from './registration.env';

export const SERVICE_NAME = 'registration-service';
/** The service's own PostgreSQL schema: its tables, its outbox and its migrations table. */
export const DB_SCHEMA = 'registration';
export const REGISTRATION_CONFIG = Symbol('REGISTRATION_CONFIG');

/** The one typed configuration object, provided through DI; nothing else reads the environment. */
export interface RegistrationConfig {
  logLevel: LogLevelName;
  shutdownTimeoutMs: number;
  http: { host: string; port: number };
  database: { url: string; schema: string; poolSize: number };
  kafka: { brokers: string[]; clientId: string; groupId: string; topicPartitions: number; maxBatchSize: number };
  topics: TopicNames;
  sgroupRegistry: { url: string; timeoutMs: number; retries: number; retryDelayMs: number };
  outboxRelay: { enabled: boolean };
  opsCredentials: OpsCredential[];
}

type Env = Record<string, string | undefined>;

export function loadRegistrationConfig(env: Env = process.env): RegistrationConfig {
  const e = loadEnvironment(SERVICE_NAME, RegistrationEnv, env);
  return {
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    database: { url: e.DATABASE_URL, schema: DB_SCHEMA, poolSize: e.DATABASE_POOL_SIZE },
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID,
      groupId: e.KAFKA_GROUP_ID,
      topicPartitions: e.TOPIC_PARTITIONS,
      maxBatchSize: e.CONSUMER_MAX_BATCH_SIZE,
    },
    topics: resolveTopicNames(env),
    sgroupRegistry: {
      url: e.SGROUP_REGISTRY_URL.replace(/\/+$/, ''),
      timeoutMs: e.SGROUP_REGISTRY_TIMEOUT_MS,
      retries: e.SGROUP_REGISTRY_RETRIES,
      retryDelayMs: e.SGROUP_REGISTRY_RETRY_DELAY_MS,
    },
    outboxRelay: { enabled: e.OUTBOX_RELAY_ENABLED === 'true' },
    opsCredentials: parseOpsCredentials(e.OPS_CREDENTIALS),
  };
}

export function loadCliDatabaseUrl(env: Env = process.env): string {
  return loadEnvironment(`${SERVICE_NAME} cli`, RegistrationCliEnv, env).DATABASE_URL;
}
