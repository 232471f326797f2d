import { newOpsCredential, OPS_ROLES, OpsRole } from '@sa/platform';

const USAGE = `usage: npm run -s issue-ops-token -- --name <operator or scraper> --role <viewer|operator>
  Prints the new token alone on stdout (TOKEN=$(npm run -s issue-ops-token -- …) captures it), and on
  stderr the OPS_CREDENTIALS entry to add to every service's environment. Only the entry's SHA-256 is
  configured; the token is shown once.`;

/** Ops tokens are not stored in a database: each service reads the digests from OPS_CREDENTIALS. */
function main(argv: string[]): number {
  const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const name = option('--name');
  const role = option('--role');
  if (!name || !/^[A-Za-z0-9._@-]{1,64}$/.test(name) || !OPS_ROLES.includes(role as OpsRole)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { token, entry } = newOpsCredential(name, role as OpsRole);
  process.stdout.write(`${token}\n`);
  process.stderr.write(`add to OPS_CREDENTIALS (comma-separated) of every service:\n${entry}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
