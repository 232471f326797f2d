import { ConsentRecord, ContractVersion } from '../domain/bonus-facts';

/** An invoice, credit note or awaiting stub as `bonus.invoices` stores it. */
export interface StoredDocument {
  invoiceId: string;
  kind: 'invoice' | 'credit_note' | 'awaiting';
  eventId: string | null;
  creditedInvoiceId: string | null;
  /** The payer. */
  customerId: string | null;
  contractId: string | null;
  issuedAt: Date | null;
  /** Σ MONTHLY_FEE lines (R1). */
  monthlyFeeCents: number | null;
  recordedAt: Date | null;
}

/** A row of `bonus.decision_log`: a decision as it was sent to ops. */
export interface LoggedDecision {
  eventId: string;
  invoiceId: string;
  creditedInvoiceId: string | null;
  customerId: string;
  decision: string;
  reason: string | null;
  eligibleAmountCents: number;
  amountChangeCents: number;
  correction: boolean;
  causeEventId: string | null;
  sourceEventId: string;
  decidedAt: Date;
  recordedAt: Date;
}

/** A row of `bonus.purchase_log`: a bonus purchase event as it was sent to S-Group. */
export interface LoggedPurchase {
  eventId: string;
  eventType: string;
  invoiceId: string;
  memberNumber: string;
  householdId: string;
  amountCents: number;
  purchasedAt: Date;
  sourceEventId: string;
  correction: boolean;
  recordedAt: Date;
}

/** Everything stored about one invoice (the one asked for, or the one a credit note credits). */
export interface InvoiceRecords {
  /** The document asked for. */
  asked: StoredDocument;
  /** The invoice it is about: itself, or for a credit note the invoice it credits (undefined if never stored). */
  invoice: StoredDocument | undefined;
  creditNotes: StoredDocument[];
  /** The invoice's contract's history and its payer's consent history. */
  contractHistory: ContractVersion[];
  consentHistory: ConsentRecord[];
  /** In the order they were recorded. */
  decisions: LoggedDecision[];
  purchases: LoggedPurchase[];
}

/** Port: one invoice's stored records. */
export interface InvoiceExplanationReader {
  /** undefined when no invoice or credit note with that id was ever received. */
  read(invoiceId: string): Promise<InvoiceRecords | undefined>;
}

export const INVOICE_EXPLANATION_READER = Symbol('INVOICE_EXPLANATION_READER');
