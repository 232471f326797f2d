import { BonusPurchaseEvent, DeadLetterEvent, InvoiceDecisionEvent } from '@sa/contracts';
import { Holding, InvoiceFacts } from '../domain/bonus-facts';
import { InvoiceDocument, StoredInvoices } from '../domain/invoice-document';
import { RejudgeInputs } from '../domain/settle-invoice';
import { RejectedInput } from '../dead-letters/rejected-input.factory';
import { RedriveAudit } from '../dead-letters/dead-letter-archive.port';

/** What every batch that re-judges invoices reads and writes (invoice, contract-change and consent batches). */
export interface RejudgeTransaction extends RedriveAudit {
  /**
   * Locks the existing invoices among `invoiceIds` (FOR UPDATE, in invoiceId order), then reads
   * their credit notes and holdings, and the contract and consent histories of all of them.
   * `brandNew` invoices were stored by this transaction: they are not read back.
   */
  readForRejudging(invoiceIds: string[], brandNew: ReadonlyMap<string, InvoiceFacts>): Promise<RejudgeInputs>;
  /** Removes the holdings of re-settled invoices (locked by `readForRejudging`). */
  removeHoldings(invoiceIds: string[]): Promise<void>;
  /**
   * Registers rejected inputs by source position, each with its record exactly as received; returns the
   * letters of those not registered before (a replay or a re-drive registers and sends none twice).
   */
  registerDeadLetters(rejected: RejectedInput[]): Promise<DeadLetterEvent[]>;
}

/** One invoice batch's work, in one transaction. */
export interface InvoiceBatchTransaction extends RejudgeTransaction {
  /** Claims input eventIds; returns those not claimed before (a concurrent claim waits for the other). */
  claim(eventIds: string[]): Promise<Set<string>>;
  /** Shared locks on the payers' and contracts' stripes: a fact batch about them waits, or is waited for. */
  lockPayersAndContracts(docs: { customerId: string; contractId: string }[]): Promise<void>;
  /**
   * Stores first versions recorded at `recordedAt`, also over an 'awaiting' stub; one stored before stays as it is.
   * In the same statement, an 'awaiting' stub for each invoice the credit notes credit that no row holds yet
   * (`creditedOutsideBatch`): every invoice row the batch writes or re-judges is locked here, in invoiceId order,
   * so two batches never wait for each other's rows in opposite orders.
   */
  storeFirstVersions(docs: InvoiceDocument[], recordedAt: Date): Promise<StoredInvoices>;
  /** The content hashes of stored invoices and credit notes (not stubs). */
  contentHashes(invoiceIds: string[]): Promise<Map<string, string>>;
  /** The batch's last writes, in one statement: the new holdings, the outgoing events, the decision counts. */
  finish(writes: {
    ledger: Holding[];
    purchases: BonusPurchaseEvent[];
    decisions: InvoiceDecisionEvent[];
    deadLetters: DeadLetterEvent[];
  }): Promise<void>;
}

/** Port: invoices, their decisions, the ledger and the outbox, changed together. */
export interface InvoiceBatchStore {
  /** Runs `work` in one READ COMMITTED transaction: all of it commits (then the relay is nudged), or none. */
  inTransaction<T>(work: (tx: InvoiceBatchTransaction) => Promise<T>): Promise<T>;
}

export const INVOICE_BATCH_STORE = Symbol('INVOICE_BATCH_STORE');
