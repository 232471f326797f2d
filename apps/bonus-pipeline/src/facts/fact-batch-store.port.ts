import {
  BonusPurchaseEvent,
  ConsentEvent,
  CrmContractEvent,
  DeadLetterEvent,
  InvoiceDecisionEvent,
} from '@sa/contracts';
import { Holding } from '../domain/bonus-facts';
import { RejudgeTransaction } from '../invoices/invoice-batch-store.port';

/** One batch of facts (contract changes or consents) and the corrections they cause, in one transaction. */
export interface FactBatchTransaction<E extends { eventId: string }> extends RejudgeTransaction {
  /** Exclusive locks on the subjects' stripes (contracts or customers), before anything is read. */
  lockSubjects(facts: E[]): Promise<void>;
  /** Stores the facts not seen before (by eventId) with `recordedAt`; returns the eventIds stored now. */
  recordNew(facts: E[], recordedAt: Date): Promise<Set<string>>;
  /** The stored content of these eventIds, as `consentContent` / `contractChangeContent` give it. */
  storedContent(eventIds: string[]): Promise<Map<string, string>>;
  /**
   * Invoices these new facts can change (issued at or after them, whatever their age: those outside the
   * correction window are named, not corrected) → the eventId of the batch's last fact changing each.
   */
  affectedInvoices(fresh: E[]): Promise<Map<string, string>>;
  insertHoldings(ledger: Holding[]): Promise<void>;
  /** The outgoing events, and the decisions counted in the decision counts. */
  appendToOutbox(events: {
    purchases: BonusPurchaseEvent[];
    decisions: InvoiceDecisionEvent[];
    deadLetters: DeadLetterEvent[];
  }): Promise<void>;
}

/** Port: one kind of fact kept by the pipeline, and the invoices it corrects. */
export interface FactBatchStore<E extends { eventId: string }> {
  /** Runs `work` in one READ COMMITTED transaction: all of it commits (then the relay is nudged), or none. */
  inTransaction<T>(work: (tx: FactBatchTransaction<E>) => Promise<T>): Promise<T>;
}

export type ConsentBatchStore = FactBatchStore<ConsentEvent>;
export type ContractChangeBatchStore = FactBatchStore<CrmContractEvent>;

export const CONSENT_BATCH_STORE = Symbol('CONSENT_BATCH_STORE');
export const CONTRACT_CHANGE_BATCH_STORE = Symbol('CONTRACT_CHANGE_BATCH_STORE');
