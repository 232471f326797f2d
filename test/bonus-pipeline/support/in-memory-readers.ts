import { HelsinkiMonth } from '../../../apps/bonus-pipeline/src/reconciliation/helsinki-month';
import {
  MonthRecords,
  ReconciliationReader,
} from '../../../apps/bonus-pipeline/src/reconciliation/reconciliation-reader.port';
import {
  InvoiceExplanationReader,
  InvoiceRecords,
} from '../../../apps/bonus-pipeline/src/explanation/invoice-explanation-reader.port';

/** Fake: the records of each month by `YYYY-MM`; remembers the months asked for. */
export class InMemoryReconciliationReader implements ReconciliationReader {
  readonly asked: HelsinkiMonth[] = [];

  constructor(private readonly months: Record<string, MonthRecords> = {}) {}

  async read(month: HelsinkiMonth): Promise<MonthRecords> {
    this.asked.push(month);
    return this.months[month.month] ?? emptyMonth();
  }
}

/** Fake: the records of each invoice by id. */
export class InMemoryExplanationReader implements InvoiceExplanationReader {
  constructor(private readonly invoices: Record<string, InvoiceRecords> = {}) {}

  async read(invoiceId: string): Promise<InvoiceRecords | undefined> {
    return this.invoices[invoiceId];
  }
}

export function emptyMonth(): MonthRecords {
  return {
    sent: [],
    distinct: { households: 0, members: 0, invoices: 0 },
    eligible: [],
    documents: { invoices: 0, creditNotes: 0 },
    decisions: [],
    householdDecisions: [],
    deadLetters: [],
    members: [],
    eventIds: { count: 0, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
  };
}
