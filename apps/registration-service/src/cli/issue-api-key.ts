import { ConfigValidationError } from '@sa/config';
import { migrateWithLock } from '@sa/persistence';
import { PostgresApiKeyStore } from '../auth/postgres-api-key.store';
import { IssueApiKeyUseCase } from '../auth/issue-api-key.use-case';
import { DB_SCHEMA, loadCliDatabaseUrl } from '../config/registration.config';
import { registrationDataSource } from '../infrastructure/database.providers';

/**
 * `DATABASE_URL=… node -r ./dist/libs/platform/src/runtime/register-aliases.js \
 *    dist/apps/registration-service/src/cli/issue-api-key.js --agent agent-17`
 * Prints the new key once on stdout; only its SHA-256 is stored.
 */
async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--agent');
  const agentId = at >= 0 ? argv[at + 1] : undefined;
  if (!agentId) {
    process.stderr.write('usage: issue-api-key --agent <agent-id>\n');
    return 2;
  }
  // Two connections: migrateWithLock holds one for its advisory lock while the migrations run on another.
  const dataSource = registrationDataSource(loadCliDatabaseUrl(), DB_SCHEMA, 2);
  await dataSource.initialize();
  try {
    await migrateWithLock(dataSource, DB_SCHEMA);
    const outcome = await new IssueApiKeyUseCase(new PostgresApiKeyStore(dataSource, DB_SCHEMA)).execute(agentId);
    if (outcome.kind === 'invalid-agent-id') {
      process.stderr.write('agent id must be 1-64 of A-Z a-z 0-9 . _ @ -\n');
      return 2;
    }
    process.stdout.write(`${outcome.key}\n`);
    process.stderr.write(
      `issued API key ${outcome.keyId} for ${outcome.agentId}; store it now, it is not shown again\n`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error instanceof ConfigValidationError ? error.message : error.stack}\n`);
    process.exit(1);
  },
);
