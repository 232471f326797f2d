import { runReconciliationReport } from './reconciliation-report';

/** `npm run report -- --month 2026-11 [--format json|csv] [--out file]` (see reconciliation-report.ts). */
runReconciliationReport(process.argv.slice(2), process.env, {
  log: (line) => process.stderr.write(`${line}\n`),
  write: (text) => process.stdout.write(text),
  fetch,
}).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
