import type { KafkaBroker } from '../../tools/infra/kafka-broker';
import { dropDatabasesWithPrefix, PostgresServer } from '../../tools/infra/postgres-server';

export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as Record<string, unknown>).__SBONUS_INFRA__ as
    { broker: KafkaBroker; postgres: PostgresServer } | undefined;
  if (!infra) return;
  const log = (line: string) => process.stdout.write(`[test infra] ${line}\n`);
  // Only databases with this run's prefix: this run created them all; the server may be shared.
  const prefix = process.env.TEST_DB_RUN_PREFIX;
  if (prefix) {
    try {
      const left = await dropDatabasesWithPrefix(infra.postgres.adminUrl, prefix);
      if (left.length > 0) log(`dropped ${left.length} test database(s) a suite left behind: ${left.join(', ')}`);
    } catch (error) {
      log(`could not drop this run's test databases (${prefix}_*): ${(error as Error).message}`);
    }
  }
  await Promise.all([infra.broker.stop(), infra.postgres.stop()]);
}
