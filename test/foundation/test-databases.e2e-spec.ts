import { Client } from 'pg';
import { createDatabase, dropDatabase, dropDatabasesWithPrefix } from '../../tools/infra/postgres-server';
import { createTestDatabase, uniqueSuffix } from '../support/test-infra';

// The PostgreSQL is shared: what this project creates and drops must never reach anyone else's database.
describe('databases the tools create and drop (real PostgreSQL)', () => {
  const admin = () => process.env.TEST_PG_ADMIN_URL!;

  async function exists(name: string): Promise<boolean> {
    const client = new Client({ connectionString: admin() });
    await client.connect();
    try {
      return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    } finally {
      await client.end();
    }
  }

  it('refuses to create a database whose name is taken, and leaves that database and its data alone', async () => {
    const db = await createTestDatabase('taken');
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)');
    try {
      await expect(createDatabase(admin(), db.name)).rejects.toThrow(`database ${db.name} already exists`);
      expect((await client.query('SELECT v FROM kept')).rows).toEqual([{ v: 42 }]);
    } finally {
      await client.end();
      await db.drop();
    }
  });

  it('drops only the databases with the given run prefix', async () => {
    const run = `${process.env.TEST_DB_RUN_PREFIX}_p${uniqueSuffix()}`;
    const other = `${process.env.TEST_DB_RUN_PREFIX}_q${uniqueSuffix()}`;
    await createDatabase(admin(), `${run}_a`);
    await createDatabase(admin(), `${run}_b`);
    // Shares the prefix's characters but not the prefix plus "_": not this run's.
    await createDatabase(admin(), `${run}x`);
    await createDatabase(admin(), other);
    try {
      expect((await dropDatabasesWithPrefix(admin(), run)).sort()).toEqual([`${run}_a`, `${run}_b`]);
      expect(await exists(`${run}_a`)).toBe(false);
      expect(await exists(`${run}x`)).toBe(true);
      expect(await exists(other)).toBe(true);
    } finally {
      for (const name of [`${run}_a`, `${run}_b`, `${run}x`, other]) await dropDatabase(admin(), name);
    }
  });

  it('never drops a database it did not create, even one with the run prefix', async () => {
    const run = `${process.env.TEST_DB_RUN_PREFIX}_f${uniqueSuffix()}`;
    const foreign = `${run}_someone_elses`;
    const client = new Client({ connectionString: admin() });
    await client.connect();
    try {
      // Made the way a person or another tool would: without the mark createDatabase writes.
      await client.query(`CREATE DATABASE ${foreign}`);
      await expect(dropDatabase(admin(), foreign)).rejects.toThrow('this code did not create it');
      expect(await dropDatabasesWithPrefix(admin(), run)).toEqual([]);
      expect(await exists(foreign)).toBe(true);
    } finally {
      // This test created it, so this test drops it.
      await client.query(`DROP DATABASE IF EXISTS ${foreign}`);
      await client.end();
    }
  });
});
