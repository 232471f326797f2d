import { helsinkiMonthOf } from '../../../apps/bonus-pipeline/src/reconciliation/helsinki-month';

/** How long the ops reads over the logs took once the run's invoices were in: what a report's reader waits. */
export interface OpsReadTimes {
  month: string;
  reportSeconds: number;
  reportInvoices: number;
  explanationMs: number;
}

/**
 * Times `GET /v1/reconciliation?month=` for the month of the run's invoices and one invoice's explanation, as an ops
 * viewer would call them: the logs are written per batch and parsed when read (docs/reconciliation.md), so their
 * reading cost belongs in the same table as the writing cost.
 */
export async function timeOpsReads(url: string, token: string, issuedAt: Date, invoiceId: string) {
  const headers = { authorization: `Bearer ${token}` };
  const month = helsinkiMonthOf(issuedAt);
  const started = performance.now();
  const report = await getJson(`${url}/v1/reconciliation?month=${month}`, headers);
  const reportSeconds = (performance.now() - started) / 1000;
  const explained = performance.now();
  await getJson(`${url}/v1/invoices/${encodeURIComponent(invoiceId)}/explanation`, headers);
  const explanationMs = performance.now() - explained;
  const total = (report as { total?: { invoicesSeen?: number | string } }).total;
  return { month, reportSeconds, reportInvoices: Number(total?.invoicesSeen ?? 0), explanationMs } as OpsReadTimes;
}

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(600_000) });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

export function opsReadLines(t: OpsReadTimes): string[] {
  return [
    `ops reads                reconciliation ${t.month} in ${t.reportSeconds.toFixed(1)} s ` +
      `(${t.reportInvoices} invoices seen), one invoice's explanation in ${Math.round(t.explanationMs)} ms`,
  ];
}
