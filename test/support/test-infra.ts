import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { newOpsCredential } from '@sa/platform';
import { DEFAULT_TOPICS, TOPIC_ENV_VARS, TopicKey, TopicNames } from '@sa/contracts';
import { createDatabase, dropDatabase } from '../../tools/infra/postgres-server';

/** The real broker the global setup started. */
export function kafkaBrokers(): string {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers)
    throw new Error('KAFKA_BROKERS is not set: run integration tests through jest (global setup starts Kafka)');
  return brokers;
}

export function testKafka(clientId = 'test'): Kafka {
  return new Kafka({ brokers: kafkaBrokers().split(','), clientId, logLevel: logLevel.NOTHING });
}

export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** Per-suite topic names, so suites sharing the broker never see each other's messages. */
export function uniqueTopics(suffix = uniqueSuffix()): TopicNames {
  return Object.fromEntries(
    (Object.keys(DEFAULT_TOPICS) as TopicKey[]).map((k) => [k, `${DEFAULT_TOPICS[k]}.t${suffix}`]),
  ) as TopicNames;
}

/** The TOPIC_* variables that point a service at the given topic names. */
export function topicEnv(topics: TopicNames): Record<string, string> {
  return Object.fromEntries((Object.keys(topics) as TopicKey[]).map((k) => [TOPIC_ENV_VARS[k], topics[k]]));
}

/** Ops tokens for the services a suite starts: one read-only, one that may re-drive and republish. */
export const testOps = {
  viewer: newOpsCredential('test-viewer', 'viewer'),
  operator: newOpsCredential('test-operator', 'operator'),
};

export function opsEnv(): Record<string, string> {
  return { OPS_CREDENTIALS: `${testOps.viewer.entry},${testOps.operator.entry}` };
}

/** `fetch` init with an ops token (the viewer's unless told). */
export function asOps(role: 'viewer' | 'operator' = 'viewer', init: RequestInit = {}): RequestInit {
  return {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${testOps[role].token}` },
  };
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database on the real PostgreSQL, for one suite. Its name starts with this jest
 * run's prefix, so the global teardown can drop whatever a failed suite left behind, and only that.
 */
export async function createTestDatabase(label = 't'): Promise<TestDatabase> {
  const admin = process.env.TEST_PG_ADMIN_URL;
  const runPrefix = process.env.TEST_DB_RUN_PREFIX;
  if (!admin || !runPrefix) {
    throw new Error('TEST_PG_ADMIN_URL/TEST_DB_RUN_PREFIX unset: run integration tests through jest (global setup)');
  }
  const name = `${runPrefix}_${label}_${uniqueSuffix()}`;
  const url = await createDatabase(admin, name);
  return { name, url, drop: () => dropDatabase(admin, name) };
}
