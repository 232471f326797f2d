import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root';
import { until } from './wait';

// Enough to show why a service failed, bounded so a long run does not grow without end.
const KEPT_OUTPUT_CHARS = 1_000_000;

export interface ServiceProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
  waitUntilReady(port: number, timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Runs a compiled app (`npm run build` first) as a real child process, the way production does,
 * so callers can send it signals, kill it mid-batch, and read what it printed.
 */
export function startServiceProcess(
  app: string,
  env: Record<string, string>,
  onOutput?: (chunk: string) => void,
  nodeArgs: string[] = [],
): ServiceProcess {
  const ROOT = repoRoot();
  const main = join(ROOT, 'dist', 'apps', app, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` before the integration tests`);
  const child = spawn(
    process.execPath,
    [...nodeArgs, '-r', join(ROOT, 'dist', 'libs', 'platform', 'src', 'runtime', 'register-aliases.js'), main],
    {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const collect = (d: Buffer) => {
    output = (output + d).slice(-KEPT_OUTPUT_CHARS);
    onOutput?.(d.toString('utf8'));
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    output: () => output,
    exited,
    async waitUntilReady(port, timeoutMs = 120_000) {
      await until(
        async () => {
          if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}:\n${output}`);
          try {
            return (await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200;
          } catch {
            return false;
          }
        },
        timeoutMs,
        `${app} readiness on port ${port}`,
      );
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Issues an API key for an agent with the registration service's own CLI, as an operator would. */
export function issueApiKey(databaseUrl: string, agentId: string): string {
  const ROOT = repoRoot();
  const cli = spawnSync(
    process.execPath,
    [
      '-r',
      join(ROOT, 'dist', 'libs', 'platform', 'src', 'runtime', 'register-aliases.js'),
      join(ROOT, 'dist', 'apps', 'registration-service', 'src', 'cli', 'issue-api-key.js'),
      '--agent',
      agentId,
    ],
    { env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl }, encoding: 'utf8' },
  );
  const key = cli.stdout.trim();
  if (cli.status !== 0 || !/^sak_\S+$/.test(key))
    throw new Error(`issue-api-key failed (exit ${cli.status}):\n${cli.stdout}${cli.stderr}`);
  return key;
}
