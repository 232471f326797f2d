import { DataSource, MixedList } from 'typeorm';
import { migrateWithLock } from '@sa/persistence';
import { REGISTRATION_MIGRATIONS } from '../../apps/registration-service/src/infrastructure/migrations';
import { BONUS_MIGRATIONS } from '../../apps/bonus-pipeline/src/persistence/migrations';
import { createTestDatabase, TestDatabase } from '../support/test-infra';

const SERVICES: { schema: string; migrations: MixedList<Function> }[] = [
  { schema: 'registration', migrations: REGISTRATION_MIGRATIONS },
  { schema: 'bonus', migrations: BONUS_MIGRATIONS },
];

describe.each(SERVICES)('migrations of schema $schema on the real PostgreSQL', ({ schema, migrations }) => {
  let db: TestDatabase;
  let dataSource: DataSource;

  const tables = async (): Promise<string[]> =>
    (
      await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [
        schema,
      ])
    ).map((r: { table_name: string }) => r.table_name);

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource({
      type: 'postgres',
      url: db.url,
      schema,
      migrations,
      migrationsTableName: 'migrations',
      synchronize: false,
    }).initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('applies every migration, then rolls each back leaving only the migrations table', async () => {
    const applied = await migrateWithLock(dataSource, schema);
    expect(applied.length).toBe((migrations as unknown[]).length);
    const created = await tables();
    expect(created).toEqual(expect.arrayContaining(['migrations', 'outbox', 'outbox_parked']));
    expect(created.length).toBeGreaterThan(2);

    for (let i = 0; i < applied.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['migrations']);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".migrations`)).toEqual([{ n: 0 }]);
  });

  it('applies again after a rollback and is a no-op the second time', async () => {
    await migrateWithLock(dataSource, schema);
    expect(await migrateWithLock(dataSource, schema)).toEqual([]);
  });
});
