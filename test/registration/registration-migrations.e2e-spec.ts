import { migrateWithLock } from '@sa/persistence';
import { registrationDataSource } from '../../apps/registration-service/src/infrastructure/database.providers';
import { REGISTRATION_MIGRATIONS } from '../../apps/registration-service/src/infrastructure/migrations';
import { createTestDatabase, TestDatabase } from '../support/test-infra';

describe('registration schema migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('regmig');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('migrates up, down to nothing, and up again; concurrent starts apply it once', async () => {
    const [a, b] = [
      registrationDataSource(db.url, 'registration', 3),
      registrationDataSource(db.url, 'registration', 3),
    ];
    await Promise.all([a.initialize(), b.initialize()]);
    try {
      const applied = await Promise.all([migrateWithLock(a, 'registration'), migrateWithLock(b, 'registration')]);
      expect(applied.map((m) => m.length).sort()).toEqual([0, REGISTRATION_MIGRATIONS.length]);
      const tables = async () =>
        (
          await a.query(
            `SELECT table_name FROM information_schema.tables WHERE table_schema = 'registration' ORDER BY 1`,
          )
        ).map((r: { table_name: string }) => r.table_name);
      expect(await tables()).toEqual([
        'api_keys',
        'audit_log',
        'consent_events',
        'contract_versions',
        'customers',
        'migrations',
        'outbox',
        'outbox_parked',
        'registrations',
      ]);

      for (const _ of REGISTRATION_MIGRATIONS) await a.undoLastMigration();
      expect(await tables()).toEqual(['migrations']);
      expect(await migrateWithLock(a, 'registration')).toHaveLength(REGISTRATION_MIGRATIONS.length);
      expect(await tables()).toHaveLength(9);
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  });

  it('lets the database itself refuse a second active registration for one customer', async () => {
    const ds = registrationDataSource(db.url, 'registration', 2);
    await ds.initialize();
    try {
      await ds.query(`INSERT INTO registration.customers (customer_id) VALUES ('C-1')`);
      const insert = (id: string) =>
        ds.query(
          `INSERT INTO registration.registrations
             (registration_id, customer_id, member_number, household_id, channel, recorded_by, granted_at)
           VALUES ($1, 'C-1', '1234567890', 'H-1', 'PHONE', 'a', now())`,
          [id],
        );
      await insert('00000000-0000-0000-0000-000000000001');
      await expect(insert('00000000-0000-0000-0000-000000000002')).rejects.toThrow(
        /registrations_one_active_per_customer/,
      );
    } finally {
      await ds.destroy();
    }
  });
});
