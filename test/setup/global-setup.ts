import { randomBytes } from 'node:crypto';
import { KafkaBroker } from '../../tools/infra/kafka-broker';
import { resolvePostgres } from '../../tools/infra/postgres-server';

/**
 * Starts one real Kafka broker and finds (or starts) one real PostgreSQL for the whole run.
 * Suites isolate themselves with their own topic names and their own database.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`[test infra] ${line}\n`);
  // Every test database of this run starts with this prefix (workers inherit the variable), so the
  // teardown can drop what a failed suite left behind without touching anyone else's databases.
  process.env.TEST_DB_RUN_PREFIX = `sbonus_t_${randomBytes(4).toString('hex')}`;
  const [broker, postgres] = await Promise.all([
    KafkaBroker.start({ heapMb: 768, log }),
    resolvePostgres(process.env, log),
  ]);
  (globalThis as Record<string, unknown>).__SBONUS_INFRA__ = { broker, postgres };
  process.env.KAFKA_BROKERS = broker.bootstrapServers;
  process.env.TEST_PG_ADMIN_URL = postgres.adminUrl;
  log(`Kafka ${broker.bootstrapServers}, PostgreSQL (${postgres.source}) ready in ${Date.now() - started} ms`);
}
