import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { repoRoot } from '../../tools/infra/repo-root';
import { createTestDatabase, TestDatabase } from '../support/test-infra';

const KEY_LINE = /^sak_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n$/;

// The README's `KEY=$(DATABASE_URL=… npm run -s issue-api-key -- --agent agent-17)` must capture the key
// alone: the compiled CLI (`npm run build` first) writes it, and only it, on stdout.
describe('issue-api-key CLI (compiled)', () => {
  const root = repoRoot();
  let db: TestDatabase;
  let pg: Client;

  beforeAll(async () => {
    db = await createTestDatabase('keycli');
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await db?.drop();
  });

  const run = (command: string, args: string[]) =>
    spawnSync(command, args, { cwd: root, env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8' });
  const viaNpm = (...args: string[]) => run('npm', ['run', '-s', 'issue-api-key', '--', ...args]);
  const viaNode = (...args: string[]) =>
    run(process.execPath, [
      '-r',
      join(root, 'dist/libs/platform/src/runtime/register-aliases.js'),
      join(root, 'dist/apps/registration-service/src/cli/issue-api-key.js'),
      ...args,
    ]);

  it.each([
    ['npm run -s issue-api-key', viaNpm, 'agent-17'],
    ['the compiled CLI run by node', viaNode, 'agent-18'],
  ])('%s prints exactly one line on stdout: the key, which is stored as its SHA-256', async (_how, cli, agent) => {
    const result = cli('--agent', agent);
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 0,
      stderr: expect.stringMatching(new RegExp(`issued API key [0-9a-f]{12} for ${agent}; store it now`)),
    });
    expect(result.stdout).toMatch(KEY_LINE);
    const { rows } = await pg.query('SELECT key_id, key_sha256 FROM registration.api_keys WHERE agent_id = $1', [
      agent,
    ]);
    const key = result.stdout.trim();
    expect(rows).toEqual([{ key_id: key.slice(4, 16), key_sha256: createHash('sha256').update(key).digest() }]);
  });

  it('writes nothing on stdout and exits 2 when the agent is missing or invalid', () => {
    for (const args of [[], ['--agent', 'no spaces allowed']]) {
      const result = viaNpm(...args);
      expect({ args, status: result.status, stdout: result.stdout }).toEqual({ args, status: 2, stdout: '' });
    }
  });
});
