import { Inject, Injectable } from '@nestjs/common';
import { parseHelsinkiMonth } from './helsinki-month';
import { RECONCILIATION_READER, ReconciliationReader } from './reconciliation-reader.port';
import { reconciliationReport, ReconciliationReport } from './reconciliation-report';

export type ReconcileMonthOutcome =
  { kind: 'report'; report: ReconciliationReport } | { kind: 'invalid-month'; field: 'month'; message: string };

/** One Helsinki calendar month: what was decided, what was sent to S-Group, per household and in total. */
@Injectable()
export class ReconcileMonthUseCase {
  constructor(@Inject(RECONCILIATION_READER) private readonly reader: ReconciliationReader) {}

  async execute(monthText: unknown): Promise<ReconcileMonthOutcome> {
    const parsed = parseHelsinkiMonth(monthText);
    if (!parsed.ok) return { kind: 'invalid-month', field: 'month', message: parsed.message };
    return { kind: 'report', report: reconciliationReport(parsed.month, await this.reader.read(parsed.month)) };
  }
}
