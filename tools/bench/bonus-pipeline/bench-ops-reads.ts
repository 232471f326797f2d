import { helsinkiMonthOf } from '../../../apps/bonus-pipeline/src/reconciliation/helsinki-month';
import { opsGet } from '../../ops/reconciliation-report';

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
export async function timeOpsReads(
  url: string,
  token: string,
  issuedAt: Date,
  invoiceId: string,
): Promise<OpsReadTimes> {
  const month = helsinkiMonthOf(issuedAt);
  const started = performance.now();
  const report = await opsGet(fetch, `${url}/v1/reconciliation?month=${month}`, token);
  const reportSeconds = (performance.now() - started) / 1000;
  const explained = performance.now();
  await opsGet(fetch, `${url}/v1/invoices/${encodeURIComponent(invoiceId)}/explanation`, token);
  const explanationMs = performance.now() - explained;
  const total = (report as { total?: { invoicesSeen?: number | string } }).total;
  return { month, reportSeconds, reportInvoices: Number(total?.invoicesSeen ?? 0), explanationMs };
}

export function opsReadLines(t: OpsReadTimes): string[] {
  return [
    `ops reads                reconciliation ${t.month} in ${t.reportSeconds.toFixed(1)} s ` +
      `(${t.reportInvoices} invoices seen), one invoice's explanation in ${Math.round(t.explanationMs)} ms`,
  ];
}
