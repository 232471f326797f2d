import { HelsinkiMonth } from './helsinki-month';

/** What was sent to S-Group for one household, from the purchase log (purchasedAt in the month). */
export interface HouseholdSent {
  householdId: string;
  members: number;
  invoices: number;
  recordedCount: number;
  recordedCents: number;
  reversedCount: number;
  reversedCents: number;
  events: number;
  correctionEvents: number;
  correctionCents: number;
}

/** The month's decisions of one household (null: no household, the payer had no consent granted by issuedAt). */
export interface HouseholdDecisions {
  householdId: string | null;
  /** Invoices and credit notes decided in the month (duplicates included, once per invoiceId). */
  invoicesSeen: number;
  creditNotesSeen: number;
  decisions: { decision: string; reason: string | null; correction: boolean; count: number }[];
}

/** One month's rows as the logs, the ledger and the dead letters hold them, read in one snapshot. */
export interface MonthRecords {
  sent: HouseholdSent[];
  /** Distinct over the whole month (a member or invoice can move between households). */
  distinct: { households: number; members: number; invoices: number };
  /** What the month's decisions say its invoices earn, per household (docs/reconciliation.md, "Eligible"). */
  eligible: { householdId: string; cents: number }[];
  /** Invoices and credit notes decided in the month (duplicates included, once per invoiceId). */
  documents: { invoices: number; creditNotes: number };
  decisions: {
    decision: string;
    reason: string | null;
    correction: boolean;
    count: number;
    amountChangeCents: number;
  }[];
  /** The month's decisions by the household of their payer's latest grant at or before issuedAt. */
  householdDecisions: HouseholdDecisions[];
  deadLetters: { errorCode: string; count: number }[];
  /** Per (household, member): what S-Group should have summed for the month. */
  members: { householdId: string; memberNumber: string; netCents: number; events: number }[];
  /** The month's purchase event ids, sorted (byte order) and joined with '\n': count and SHA-256 (hex). */
  eventIds: { count: number; sha256: string };
}

/** Port: the month's records, read in one consistent snapshot. */
export interface ReconciliationReader {
  read(month: HelsinkiMonth): Promise<MonthRecords>;
}

export const RECONCILIATION_READER = Symbol('RECONCILIATION_READER');
