import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { until } from './wait';

/** Server settings for a PostgreSQL cluster of our own. */
export interface PostgresClusterSettings {
  /** e.g. '1GB'; PostgreSQL's default (128MB) when absent. */
  sharedBuffers?: string;
}

export interface PostgresCluster {
  adminUrl: string;
  stop(): Promise<void>;
  /** Fast shutdown (clients are disconnected), then the same cluster starts again on the same port. */
  restart(): Promise<void>;
}

const DEBIAN_SERVERS = '/usr/lib/postgresql';

function installedVersions(): string[] {
  return existsSync(DEBIAN_SERVERS)
    ? readdirSync(DEBIAN_SERVERS).filter((v) => existsSync(join(DEBIAN_SERVERS, v, 'bin', 'initdb')))
    : [];
}

/** Whether this machine has PostgreSQL server binaries (Debian's postgresql package) to run a cluster with. */
export function hasPostgresServerBinaries(): boolean {
  return installedVersions().length > 0;
}

/** The newest Debian PostgreSQL server binaries on this machine (the ones the local server runs). */
function serverBinaries(): string {
  const versions = installedVersions();
  if (versions.length === 0)
    throw new Error(`no PostgreSQL server binaries under ${DEBIAN_SERVERS}: install the postgresql package`);
  return join(DEBIAN_SERVERS, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/** PostgreSQL refuses to run as root: then it runs as the machine's `postgres` user. */
function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * A throwaway cluster in a temporary directory, run with the machine's own PostgreSQL binaries
 * (same version as the local server) and the given settings, so a benchmark can size the server
 * without touching the machine's shared one.
 */
export async function startPostgresCluster(
  settings: PostgresClusterSettings,
  log: (line: string) => void,
): Promise<PostgresCluster> {
  const bin = serverBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'sbonus-pgc-'));
  const user = serverUser();
  // The server's user creates its data directory and socket in here.
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  const data = join(dir, 'data');
  execFileSync(
    join(bin, 'initdb'),
    ['-D', data, '--auth=trust', '--username=postgres', '--locale=C.UTF-8', '--encoding=UTF8'],
    { stdio: 'pipe', ...user },
  );
  const port = await freePort();
  const flags = [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    ...(settings.sharedBuffers ? ['-c', `shared_buffers=${settings.sharedBuffers}`] : []),
  ];
  let server: ChildProcess;
  let stderr = '';
  let exited: Promise<void>;
  const launch = async () => {
    stderr = '';
    server = spawn(join(bin, 'postgres'), flags, { stdio: ['ignore', 'ignore', 'pipe'], ...user });
    server.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d).slice(-4000)));
    exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    await until(
      () => server.exitCode === null && stderr.includes('ready to accept connections'),
      60_000,
      'the PostgreSQL cluster to start',
    );
  };
  const shutDown = async () => {
    server.kill('SIGINT'); // fast shutdown
    await exited;
  };
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    await shutDown();
    rmSync(dir, { recursive: true, force: true });
  };
  const restart = async () => {
    await shutDown();
    await launch();
  };
  try {
    await launch();
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}: ${stderr}`, { cause: error });
  }
  log(`PostgreSQL cluster ${bin} on port ${port} (${JSON.stringify(settings)})`);
  return { adminUrl, stop, restart };
}
