export interface PipelineSummary {
  bonusPurchasesByHousehold: { householdId: string; invoices: number; netAmountCents: number }[];
  decisions: { decision: string; reason: string | null; count: number }[];
  deadLetters: number;
  /** Committed messages not yet published. */
  outboxPending: number;
}

/** Port: the totals operators read. */
export interface SummaryReader {
  read(): Promise<PipelineSummary>;
}

export const SUMMARY_READER = Symbol('SUMMARY_READER');
