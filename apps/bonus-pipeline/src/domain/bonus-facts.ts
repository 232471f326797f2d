import { ConsentEventType, ContractStatus, NotEligibleReason } from '@sa/contracts';

/** What the decision needs to know about an invoice (not a credit note). Instants are epoch ms. */
export interface InvoiceFacts {
  invoiceId: string;
  /** The payer. */
  customerId: string;
  contractId: string;
  issuedAtMs: number;
  /** Σ MONTHLY_FEE lines, discounts included (R1). */
  monthlyFeeCents: number;
  /** When the pipeline recorded it (null: before recordedAt was kept); see `effectiveFacts`. */
  recordedAtMs?: number | null;
}

export interface ContractVersion {
  contractId: string;
  changedAtMs: number;
  signerCustomerId: string;
  status: ContractStatus;
  eventId: string;
  /** When the pipeline recorded it (null: before recordedAt was kept); see `effectiveFacts`. */
  recordedAtMs?: number | null;
}

export interface ConsentRecord {
  customerId: string;
  effectiveAtMs: number;
  eventType: ConsentEventType;
  registrationId: string;
  memberNumber: string;
  householdId: string;
  eventId: string;
  /** When the pipeline recorded it (null: before recordedAt was kept); see `effectiveFacts`. */
  recordedAtMs?: number | null;
}

/** What one member holds of one invoice: the net of every purchase event sent so far, and how many there were. */
export interface LedgerEntry {
  memberNumber: string;
  householdId: string;
  netCents: number;
  /** Purchase events sent for this (invoice, member): the next one's sequence number (kept when the net is 0). */
  eventsSent: number;
}

export type Verdict =
  | { eligible: true; memberNumber: string; householdId: string; amountCents: number }
  | { eligible: false; reason: NotEligibleReason };

/** A holding as the ledger keeps it: one row per (invoice, member). */
export type Holding = LedgerEntry & { invoiceId: string };

/** An invoice judged with everything recorded so far. */
export interface Judgement {
  facts: InvoiceFacts;
  creditedCents: number;
  verdict: Verdict;
  /** The purchases this re-judgement sends for the invoice: Σ amountCents, and whether there are any. */
  changeCents: number;
  changed: boolean;
}
