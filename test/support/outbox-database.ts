import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from './test-infra';
import { outboxDdl } from '@sa/outbox';

/** A fresh database holding only an outbox table in `schema`, for relay tests. */
export async function createOutboxDatabase(schema: string): Promise<{ db: TestDatabase; dataSource: DataSource }> {
  const db = await createTestDatabase();
  const dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
  await dataSource.query(`CREATE SCHEMA ${schema}`);
  for (const sql of [...outboxDdl.up(schema), ...outboxDdl.parking.up(schema)]) await dataSource.query(sql);
  return { db, dataSource };
}
