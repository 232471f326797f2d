import { DataSource, Migration } from 'typeorm';

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so two instances starting at once
 * do not race each other; the schema is created first because TypeORM keeps its table inside it.
 * The lock holds one pooled connection while the migrations run on another: the pool needs ≥ 2.
 */
export async function migrateWithLock(dataSource: DataSource, schema: string): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * Connects, then applies pending migrations under the lock: each service calls it before anything else starts, so
 * none runs on an old schema. Returns the names of the migrations applied now (for the start-up log line).
 */
export async function connectAndMigrate(dataSource: DataSource, schema: string): Promise<string[]> {
  await dataSource.initialize();
  return (await migrateWithLock(dataSource, schema)).map((m) => m.name);
}
