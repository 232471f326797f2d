import { badRequest } from '../ops-http/ops-http.responses';
import { ReconcileMonthOutcome } from './reconcile-month.use-case';
import { reconciliationCsv, ReconciliationReport } from './reconciliation-report';

type Response = { setHeader(name: string, value: string): void };

/** The report, or the ops endpoints' 400 naming the query parameter at fault. */
export function presentReconciliation(outcome: ReconcileMonthOutcome): ReconciliationReport {
  if (outcome.kind === 'invalid-month') {
    throw badRequest([{ field: outcome.field, rule: 'format', message: outcome.message }]);
  }
  return outcome.report;
}

/** The report as a CSV attachment named after its month. */
export function presentReconciliationCsv(outcome: ReconcileMonthOutcome, response: Response): string {
  const report = presentReconciliation(outcome);
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="reconciliation-${report.month}.csv"`);
  return reconciliationCsv(report);
}
