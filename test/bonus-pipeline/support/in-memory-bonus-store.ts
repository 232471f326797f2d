import {
  BonusPurchaseEvent,
  ConsentEvent,
  CrmContractEvent,
  DeadLetterEvent,
  InvoiceDecisionEvent,
} from '@sa/contracts';
import {
  ConsentRecord,
  ContractVersion,
  Holding,
  InvoiceFacts,
  LedgerEntry,
} from '../../../apps/bonus-pipeline/src/domain/bonus-facts';
import { tallyDecisions } from '../../../apps/bonus-pipeline/src/domain/document-decision';
import { consentContent, contractChangeContent } from '../../../apps/bonus-pipeline/src/domain/fact-content';
import {
  creditedOutsideBatch,
  InvoiceDocument,
  StoredInvoices,
} from '../../../apps/bonus-pipeline/src/domain/invoice-document';
import { RejudgeInputs } from '../../../apps/bonus-pipeline/src/domain/settle-invoice';
import { RedriveRecord } from '../../../apps/bonus-pipeline/src/dead-letters/dead-letter-archive.port';
import { DeadLetterStore } from '../../../apps/bonus-pipeline/src/dead-letters/dead-letter-store.port';
import { RejectedInput } from '../../../apps/bonus-pipeline/src/dead-letters/rejected-input.factory';
import { FactBatchStore, FactBatchTransaction } from '../../../apps/bonus-pipeline/src/facts/fact-batch-store.port';
import {
  InvoiceBatchStore,
  InvoiceBatchTransaction,
  RejudgeTransaction,
} from '../../../apps/bonus-pipeline/src/invoices/invoice-batch-store.port';

type InvoiceRow =
  { kind: 'awaiting' } | { kind: 'invoice' | 'credit_note'; doc: InvoiceDocument; recordedAtMs: number };

/** Everything the bonus schema keeps, as plain data (cloned per transaction). */
export interface BonusState {
  processedInputs: Set<string>;
  invoices: Map<string, InvoiceRow>;
  contractVersions: ContractVersion[];
  consents: ConsentRecord[];
  ledger: Map<string, LedgerEntry[]>;
  deadLetterPositions: Set<string>;
  /** The outbox, in append order, typed rather than serialised. */
  outbox: OutboxEntry[];
  decisionCounts: Map<string, number>;
  /** Re-drive audit rows written in the decide path's transaction (the archive's fake keeps the others). */
  redrives: (RedriveRecord & { id: string })[];
}

export type OutboxEntry =
  | { topic: 'bonusPurchases'; event: BonusPurchaseEvent }
  | { topic: 'invoiceDecisions'; event: InvoiceDecisionEvent }
  | { topic: 'deadLetters'; event: DeadLetterEvent };

const emptyState = (): BonusState => ({
  processedInputs: new Set(),
  invoices: new Map(),
  contractVersions: [],
  consents: [],
  ledger: new Map(),
  deadLetterPositions: new Set(),
  outbox: [],
  decisionCounts: new Map(),
  redrives: [],
});

/**
 * In-memory stand-in for the pipeline's PostgreSQL adapters (InvoiceBatchStore, the fact batch
 * stores, DeadLetterStore), for unit specs. Same contract as the adapters: transactions run one at
 * a time (like the locks), the work is applied to a copy of the state, and the copy replaces the
 * state only if the work resolves — a throw leaves nothing behind, like a rollback.
 */
export class InMemoryBonusStore implements InvoiceBatchStore, DeadLetterStore {
  state: BonusState = emptyState();
  /** Transactions committed, and rolled back. */
  commits = 0;
  rollbacks = 0;
  private queue: Promise<unknown> = Promise.resolve();

  readonly consentStore: FactBatchStore<ConsentEvent> = {
    inTransaction: (work) => this.transaction((s) => new ConsentFacts(s), work),
  };

  readonly contractChangeStore: FactBatchStore<CrmContractEvent> = {
    inTransaction: (work) => this.transaction((s) => new ContractChangeFacts(s), work),
  };

  inTransaction<T>(work: (tx: InvoiceBatchTransaction) => Promise<T>): Promise<T> {
    return this.transaction((s) => new InvoiceBatch(s), work);
  }

  recordNew(rejected: RejectedInput[]): Promise<DeadLetterEvent[]> {
    return this.transaction(
      (s) => new Shared(s),
      async (tx) => {
        const fresh = await tx.registerDeadLetters(rejected);
        tx.append({ deadLetters: fresh });
        return fresh;
      },
    );
  }

  /** Seeds a contract version as if its event had been processed. */
  addContractVersion(version: ContractVersion): void {
    this.state.contractVersions.push(version);
  }

  /** Seeds a consent grant or revocation as if its event had been processed. */
  addConsent(record: ConsentRecord): void {
    this.state.consents.push(record);
  }

  get purchases(): BonusPurchaseEvent[] {
    return this.state.outbox.flatMap((e) => (e.topic === 'bonusPurchases' ? [e.event] : []));
  }

  get decisions(): InvoiceDecisionEvent[] {
    return this.state.outbox.flatMap((e) => (e.topic === 'invoiceDecisions' ? [e.event] : []));
  }

  get deadLetters(): DeadLetterEvent[] {
    return this.state.outbox.flatMap((e) => (e.topic === 'deadLetters' ? [e.event] : []));
  }

  private transaction<Tx, T>(open: (draft: BonusState) => Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const draft = copyOf(this.state);
      try {
        const result = await work(open(draft));
        this.state = draft;
        this.commits++;
        return result;
      } catch (error) {
        this.rollbacks++;
        throw error;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

class Shared implements RejudgeTransaction {
  constructor(protected readonly s: BonusState) {}

  async recordRedrive(id: string, record: RedriveRecord): Promise<void> {
    this.s.redrives.push({ id, ...record });
  }

  async readForRejudging(invoiceIds: string[], brandNew: ReadonlyMap<string, InvoiceFacts>): Promise<RejudgeInputs> {
    const existing: InvoiceFacts[] = [];
    for (const id of invoiceIds.filter((i) => !brandNew.has(i)).sort()) {
      const row = this.s.invoices.get(id);
      if (row?.kind === 'invoice') existing.push({ ...factsOf(row.doc), recordedAtMs: row.recordedAtMs });
    }
    const asked = new Set(invoiceIds);
    const invoices = [...existing, ...[...brandNew.values()].filter((f) => asked.has(f.invoiceId))];
    const credited = new Map<string, number>();
    const sent = new Map<string, LedgerEntry[]>();
    for (const { invoiceId } of existing) {
      for (const row of this.s.invoices.values()) {
        if (row.kind !== 'credit_note' || row.doc.creditedInvoiceId !== invoiceId) continue;
        credited.set(invoiceId, (credited.get(invoiceId) ?? 0) + Math.min(row.doc.monthlyFeeCents, 0));
      }
      const held = this.s.ledger.get(invoiceId);
      if (held)
        sent.set(
          invoiceId,
          held.map((e) => ({ ...e })),
        );
    }
    const contracts = new Map<string, ContractVersion[]>();
    const consents = new Map<string, ConsentRecord[]>();
    for (const f of invoices) {
      const versions = this.s.contractVersions.filter((v) => v.contractId === f.contractId);
      if (versions.length > 0) contracts.set(f.contractId, versions);
      const records = this.s.consents.filter((c) => c.customerId === f.customerId);
      if (records.length > 0) consents.set(f.customerId, records);
    }
    return { invoices, credited, contracts, consents, sent };
  }

  async removeHoldings(invoiceIds: string[]): Promise<void> {
    for (const id of invoiceIds) this.s.ledger.delete(id);
  }

  async insertHoldings(entries: Holding[]): Promise<void> {
    for (const { invoiceId, ...entry } of entries) {
      this.s.ledger.set(invoiceId, [...(this.s.ledger.get(invoiceId) ?? []), entry]);
    }
  }

  async registerDeadLetters(rejected: RejectedInput[]): Promise<DeadLetterEvent[]> {
    return rejected
      .map((r) => r.letter)
      .filter((l) => {
        const position = `${l.sourceTopic}/${l.sourcePartition}/${l.sourceOffset}`;
        if (this.s.deadLetterPositions.has(position)) return false;
        this.s.deadLetterPositions.add(position);
        return true;
      });
  }

  async appendToOutbox(events: {
    purchases: BonusPurchaseEvent[];
    decisions: InvoiceDecisionEvent[];
    deadLetters: DeadLetterEvent[];
  }): Promise<void> {
    this.append(events);
    this.count(events.decisions);
  }

  protected count(decisions: InvoiceDecisionEvent[]): void {
    for (const { decision, reason, count } of tallyDecisions(decisions)) {
      const key = `${decision}/${reason}`;
      this.s.decisionCounts.set(key, (this.s.decisionCounts.get(key) ?? 0) + count);
    }
  }

  append(out: {
    purchases?: BonusPurchaseEvent[];
    decisions?: InvoiceDecisionEvent[];
    deadLetters?: DeadLetterEvent[];
  }) {
    for (const event of out.purchases ?? []) this.s.outbox.push({ topic: 'bonusPurchases', event });
    for (const event of out.decisions ?? []) this.s.outbox.push({ topic: 'invoiceDecisions', event });
    for (const event of out.deadLetters ?? []) this.s.outbox.push({ topic: 'deadLetters', event });
  }
}

class InvoiceBatch extends Shared implements InvoiceBatchTransaction {
  async claim(eventIds: string[]): Promise<Set<string>> {
    const claimed = new Set<string>();
    for (const id of eventIds) {
      if (this.s.processedInputs.has(id)) continue;
      this.s.processedInputs.add(id);
      claimed.add(id);
    }
    return claimed;
  }

  async lockPayersAndContracts(): Promise<void> {
    // Transactions run one at a time.
  }

  async storeFirstVersions(docs: InvoiceDocument[], recordedAt: Date): Promise<StoredInvoices> {
    const alreadyStored = new Set<string>();
    const replacedStubs = new Set<string>();
    for (const doc of docs) {
      const row = this.s.invoices.get(doc.invoiceId);
      if (row && row.kind !== 'awaiting') {
        alreadyStored.add(doc.invoiceId);
        continue;
      }
      if (row) replacedStubs.add(doc.invoiceId);
      this.s.invoices.set(doc.invoiceId, { kind: doc.kind, doc, recordedAtMs: recordedAt.getTime() });
    }
    for (const id of creditedOutsideBatch(docs))
      if (!this.s.invoices.has(id)) this.s.invoices.set(id, { kind: 'awaiting' });
    return { storedNow: (id) => !alreadyStored.has(id), replacedStub: (id) => replacedStubs.has(id) };
  }

  async contentHashes(invoiceIds: string[]): Promise<Map<string, string>> {
    const hashes = new Map<string, string>();
    for (const id of invoiceIds) {
      const row = this.s.invoices.get(id);
      if (row && row.kind !== 'awaiting') hashes.set(id, row.doc.contentHash);
    }
    return hashes;
  }

  async finish(writes: {
    ledger: Holding[];
    purchases: BonusPurchaseEvent[];
    decisions: InvoiceDecisionEvent[];
    deadLetters: DeadLetterEvent[];
  }): Promise<void> {
    await this.insertHoldings(writes.ledger);
    this.append(writes);
    this.count(writes.decisions);
  }
}

/** Invoices a fact may alter: `subjectOf` the invoice equals the fact's, issued at or after it. */
function affected(
  s: BonusState,
  changes: { subject: string; sinceMs: number; eventId: string }[],
  subjectOf: (doc: InvoiceDocument) => string,
): Map<string, string> {
  const found = new Map<string, string>();
  for (const change of changes) {
    for (const row of s.invoices.values()) {
      if (row.kind !== 'invoice' || subjectOf(row.doc) !== change.subject) continue;
      const issuedAtMs = Date.parse(row.doc.issuedAt);
      if (issuedAtMs >= change.sinceMs) found.set(row.doc.invoiceId, change.eventId);
    }
  }
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : 1)));
}

class ConsentFacts extends Shared implements FactBatchTransaction<ConsentEvent> {
  async lockSubjects(): Promise<void> {}

  async recordNew(events: ConsentEvent[], recordedAt: Date): Promise<Set<string>> {
    const recorded = new Set<string>();
    for (const e of events) {
      if (this.s.consents.some((c) => c.eventId === e.eventId)) continue;
      const { eventId, customerId, eventType, registrationId, memberNumber, householdId } = e;
      this.s.consents.push({
        ...{ eventId, customerId, eventType, registrationId, memberNumber, householdId },
        effectiveAtMs: Date.parse(e.effectiveAt),
        recordedAtMs: recordedAt.getTime(),
      });
      recorded.add(e.eventId);
    }
    return recorded;
  }

  async storedContent(eventIds: string[]): Promise<Map<string, string>> {
    const stored = this.s.consents.filter((c) => eventIds.includes(c.eventId));
    return new Map(stored.map((c) => [c.eventId, consentContent(c)]));
  }

  async affectedInvoices(fresh: ConsentEvent[]): Promise<Map<string, string>> {
    const changes = fresh.map((e) => ({
      subject: e.customerId,
      sinceMs: Date.parse(e.effectiveAt),
      eventId: e.eventId,
    }));
    return affected(this.s, changes, (doc) => doc.customerId);
  }
}

class ContractChangeFacts extends Shared implements FactBatchTransaction<CrmContractEvent> {
  async lockSubjects(): Promise<void> {}

  async recordNew(events: CrmContractEvent[], recordedAt: Date): Promise<Set<string>> {
    const recorded = new Set<string>();
    for (const e of events) {
      if (this.s.contractVersions.some((v) => v.eventId === e.eventId)) continue;
      const { eventId, contractId, signerCustomerId, status } = e;
      this.s.contractVersions.push({
        eventId,
        contractId,
        signerCustomerId,
        status,
        changedAtMs: Date.parse(e.changedAt),
        recordedAtMs: recordedAt.getTime(),
      });
      recorded.add(e.eventId);
    }
    return recorded;
  }

  async storedContent(eventIds: string[]): Promise<Map<string, string>> {
    const stored = this.s.contractVersions.filter((v) => eventIds.includes(v.eventId));
    return new Map(stored.map((v) => [v.eventId, contractChangeContent(v)]));
  }

  async affectedInvoices(fresh: CrmContractEvent[]): Promise<Map<string, string>> {
    const changes = fresh.map((e) => ({ subject: e.contractId, sinceMs: Date.parse(e.changedAt), eventId: e.eventId }));
    return affected(this.s, changes, (doc) => doc.contractId);
  }
}

function factsOf(doc: InvoiceDocument): InvoiceFacts {
  const { invoiceId, customerId, contractId, monthlyFeeCents } = doc;
  return { invoiceId, customerId, contractId, issuedAtMs: Date.parse(doc.issuedAt), monthlyFeeCents };
}

/**
 * A deep enough copy: rows are never changed in place, only replaced. (Not structuredClone: jest runs
 * specs in another realm, and its Maps and Sets would not compare equal to the spec's.)
 */
export function copyOf(s: BonusState): BonusState {
  return {
    processedInputs: new Set(s.processedInputs),
    invoices: new Map(s.invoices),
    contractVersions: [...s.contractVersions],
    consents: [...s.consents],
    ledger: new Map([...s.ledger].map(([id, entries]) => [id, entries.map((e) => ({ ...e }))])),
    deadLetterPositions: new Set(s.deadLetterPositions),
    outbox: [...s.outbox],
    decisionCounts: new Map(s.decisionCounts),
    redrives: [...s.redrives],
  };
}
