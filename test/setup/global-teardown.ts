import type { KafkaBroker } from '../../tools/infra/kafka-broker';
import type { PostgresServer } from '../../tools/infra/postgres-server';

export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as Record<string, unknown>).__SBONUS_INFRA__ as { broker: KafkaBroker; postgres: PostgresServer } | undefined;
  if (!infra) return;
  await Promise.all([infra.broker.stop(), infra.postgres.stop()]);
}
