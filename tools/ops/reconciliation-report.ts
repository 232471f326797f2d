import { writeFile } from 'node:fs/promises';

export const REPORT_USAGE = `usage: npm run report -- --month YYYY-MM [--format json|csv] [--out file]
  PIPELINE_URL  the bonus pipeline's base URL (default http://127.0.0.1:3001)
  OPS_TOKEN     an ops token with the viewer role (npm run -s issue-ops-token)
  Calls GET /v1/reconciliation(.csv)?month=…; writes the report to --out (or stdout), a table of figures to stderr.`;

export interface ReportIo {
  /** Progress and the final table (stderr in the CLI, so stdout stays the report). */
  log(line: string): void;
  /** The report itself when there is no --out. */
  write(text: string): void;
  fetch: typeof fetch;
  /** ms between progress lines while the pipeline computes a long month. */
  progressEveryMs?: number;
}

type Json = Record<string, unknown>;
interface ReportJson extends Json {
  month: string;
  from: string;
  to: string;
  households: Json[];
  total: Record<string, number>;
  decisions: { decision: string; reason: string | null; correction: boolean; count: number }[];
  deadLetters: { errorCode: string; count: number }[];
  partner: { events: number; netCents: number; eventIdsSha256: string };
  checks: Record<string, boolean>;
}

/**
 * The monthly reconciliation from the running pipeline's API: the ops token's role check and the pipeline's own
 * definition of every figure apply, and no database credentials leave the service. Returns the exit code.
 */
export async function runReconciliationReport(
  argv: string[],
  env: Record<string, string | undefined>,
  io: ReportIo,
): Promise<number> {
  const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const month = option('--month');
  const format = option('--format') ?? 'json';
  const out = option('--out');
  const token = env.OPS_TOKEN;
  if (!month || !['json', 'csv'].includes(format) || !token || (argv.includes('--out') && !out)) {
    io.log(REPORT_USAGE);
    return 2;
  }
  const base = (env.PIPELINE_URL ?? 'http://127.0.0.1:3001').replace(/\/+$/, '');
  const started = Date.now();
  const progress = setInterval(
    () => io.log(`… the pipeline is still reading ${month} (${Math.round((Date.now() - started) / 1000)} s)`),
    io.progressEveryMs ?? 2000,
  );
  try {
    io.log(`reconciliation ${month} from ${base}`);
    // The JSON always: the final table comes from it. The CSV, when asked for, is the pipeline's own rendering.
    const report = (await opsGet(
      io.fetch,
      `${base}/v1/reconciliation?month=${encodeURIComponent(month)}`,
      token,
    )) as ReportJson;
    const body =
      format === 'csv'
        ? await opsGet(io.fetch, `${base}/v1/reconciliation.csv?month=${encodeURIComponent(month)}`, token, 'text')
        : `${JSON.stringify(report, null, 2)}\n`;
    clearInterval(progress);
    if (out) await writeFile(out, body as string);
    else io.write(body as string);
    io.log(`read in ${((Date.now() - started) / 1000).toFixed(1)} s${out ? `; written to ${out}` : ''}`);
    io.log(figuresTable(report));
    return Object.values(report.checks).every(Boolean) ? 0 : 3;
  } catch (error) {
    io.log((error as Error).message);
    return 1;
  } finally {
    clearInterval(progress);
  }
}

/** A GET of the pipeline's ops API with an ops token; a non-2xx answer throws with its status and body. */
export async function opsGet(
  fetchFn: typeof fetch,
  url: string,
  token: string,
  as: 'json' | 'text' = 'json',
): Promise<unknown> {
  const response = await fetchFn(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return as === 'json' ? response.json() : response.text();
}

/** The month's figures as an aligned two-column table. */
export function figuresTable(r: ReportJson): string {
  const t = r.total;
  const rows: [string, string | number][] = [
    ['month (Europe/Helsinki)', `${r.month}  [${r.from}, ${r.to})`],
    ['invoices seen', t.invoicesSeen],
    ['credit notes seen', t.creditNotesSeen],
    ['households', t.households],
    ['members', t.members],
    ['invoices with purchases', t.invoices],
    ['eligible cents (ledger)', t.eligibleCents],
    ['recorded: events / cents', `${t.recordedCount} / ${t.recordedCents}`],
    ['reversed: events / cents', `${t.reversedCount} / ${t.reversedCents}`],
    ['net cents sent to S-Group', t.netCents],
    ['corrections: events / cents', `${t.correctionEvents} / ${t.correctionCents}`],
    ['decisions: net change cents', t.decisionsNetCents],
    ...r.decisions.map((d): [string, number] => [
      `decision ${d.decision}${d.reason ? ` ${d.reason}` : ''}${d.correction ? ' (correction)' : ''}`,
      d.count,
    ]),
    ['dead letters', t.deadLetters],
    ['S-Group events', r.partner.events],
    ['event ids SHA-256', r.partner.eventIdsSha256],
    ...Object.entries(r.checks).map(([name, ok]): [string, string] => [`check ${name}`, ok ? 'ok' : 'MISMATCH']),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
