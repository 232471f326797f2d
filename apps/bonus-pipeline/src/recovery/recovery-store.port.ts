import { BonusPurchaseEvent } from '@sa/contracts';
import { Holding } from '../domain/bonus-facts';
import { RecoveredPair, SentPurchase, TopicHolding } from '../domain/sent-purchases';
import { InputHorizon } from './recovery-topics.port';

/** The one recovery of this schema: while catching up, batches send no purchases; then it is reconciled. */
export interface RecoveryState {
  mode: 'catching_up' | 'live';
  sourceTopic: string;
  purchasesRead: number;
  /** The input topics' end offsets when the recovery began: reaching them ends the catch-up. */
  horizon: InputHorizon;
}

/** Started under a lock, so instances starting together agree on one recovery. */
export interface RecoveryStartTransaction {
  state(): Promise<RecoveryState | undefined>;
  /** No input recorded, nothing in the ledger: the schema is new or was lost. */
  isEmpty(): Promise<boolean>;
  /** Also fills the purchase log with what the topic carries (each distinct purchase once). */
  begin(state: RecoveryState, holdings: TopicHolding[], sent: SentPurchase[], at: Date): Promise<void>;
}

export interface ReconcileTransaction {
  /** The state, locked: quiet batches hold the recovery lock shared, so none is in flight once this returns. */
  lockState(): Promise<RecoveryState | undefined>;
  /** Every (invoice, member) the ledger or the topic knows, with the invoice as stored. */
  pairs(): Promise<RecoveredPair[]>;
  /** The ledger becomes what was sent; the purchases go to the outbox and the purchase log, and the state to live. */
  finish(ledger: Holding[], purchases: BonusPurchaseEvent[], at: Date): Promise<void>;
}

/** Port: the recovery's state and the ledger's reconciliation with what the topic carries. */
export interface RecoveryStore {
  /** The state as committed, without a lock (cheap: polled while catching up). */
  state(): Promise<RecoveryState | undefined>;
  atStartup<T>(work: (tx: RecoveryStartTransaction) => Promise<T>): Promise<T>;
  reconciling<T>(work: (tx: ReconcileTransaction) => Promise<T>): Promise<T>;
}

export const RECOVERY_STORE = Symbol('RECOVERY_STORE');
