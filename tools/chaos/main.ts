import { chaosPassed, chaosTable, runChaos } from './chaos-run';

/**
 * `npm run chaos`: the pipeline under crashes and restarts, checked against an independent
 * evaluation of the rules (see docs/reliability.md, "Chaos run"). Progress lines while it runs, a
 * table at the end; exits 1 when anything was lost, a sum is wrong, an eventId carries two contents,
 * or a malformed message did not become exactly one dead letter.
 *
 *   npm run chaos [-- --invoices N] [--kills K] [--seed S] [--stall-seconds T]
 */
function option(flag: string, fallback: number): number {
  const at = process.argv.indexOf(`--${flag}`);
  const value = Number(at >= 0 ? process.argv[at + 1] : fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${flag} must be a whole number ≥ 0`);
  return value;
}

const log = (line: string) => process.stdout.write(`[chaos] ${new Date().toISOString().slice(11, 19)} ${line}\n`);

async function main(): Promise<number> {
  const report = await runChaos({
    invoices: Math.max(10, option('invoices', 100_000)),
    kills: option('kills', 5),
    brokerRestarts: option('broker-restarts', 1),
    postgresRestarts: option('postgres-restarts', 1),
    relayKills: option('relay-kills', 1),
    seed: option('seed', 20261125),
    stallMs: option('stall-seconds', 300) * 1000,
    log,
  });
  process.stdout.write(`\n${chaosTable(report)}\n`);
  return chaosPassed(report) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(2);
  },
);
