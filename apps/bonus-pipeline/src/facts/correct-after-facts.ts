import { DeadLetterEvent } from '@sa/contracts';
import { deadLetterFor, RawMessage } from '@sa/kafka';
import { correctionWindowStart } from '../domain/correction-window';
import { conflictingRepeats } from '../domain/fact-content';
import { rejudgeInvoices } from '../domain/settle-invoice';
import { DecodedBatch } from '../kafka-inputs/decode-batch';
import { FactBatchStore } from './fact-batch-store.port';

/** What a batch of contract changes or consents did. */
export interface FactBatchOutcome {
  recorded: number;
  redelivered: number;
  invoicesCorrected: number;
  deadLettered: number;
}

/** The pure rules that differ between kinds of facts (contract changes, consents). */
export interface FactRules<E extends { eventId: string }> {
  /** The instant as one canonical ISO string, so equal instants compare equal. */
  normalize(fact: E): E;
  /** The content of a fact as one comparable string (eventId excluded). */
  content(fact: E): string;
}

/**
 * Records a batch of facts and corrects the invoices they change, in one transaction: lock the
 * subjects, store what is new (a redelivery stores nothing and corrects nothing), dead-letter an
 * eventId repeated with other content, re-judge the affected invoices inside the correction
 * window, and put the differences and any dead letters in the outbox.
 */
export function correctAfterFacts<E extends { eventId: string }>(
  store: FactBatchStore<E>,
  rules: FactRules<E>,
  { valid, rejected, at }: DecodedBatch<E>,
  correctionWindowDays: number,
): Promise<FactBatchOutcome> {
  const facts = valid.map((v) => rules.normalize(v.value));
  const messageOf = new Map(valid.map((v, i) => [facts[i], v.message]));
  return store.inTransaction(async (tx) => {
    // Lock first: an invoice batch reading these subjects' facts either committed already or waits for us.
    await tx.lockSubjects(facts);
    const recorded = await tx.recordNew(facts);
    const fresh = new Set(facts.filter((e) => recorded.delete(e.eventId)));
    const repeats = facts.filter((e) => !fresh.has(e));
    const stored =
      repeats.length === 0 ? new Map() : await tx.storedContent([...new Set(repeats.map((e) => e.eventId))]);
    const conflicts = conflictingRepeats(repeats, stored, rules.content).map((e) => conflictLetter(e, messageOf, at));
    const affected = await tx.affectedInvoices([...fresh], correctionWindowStart(at, correctionWindowDays));
    const inputs = await tx.readForRejudging([...affected.keys()], new Map());
    const { purchases, ledger, replaced } = rejudgeInvoices(inputs, affected);
    await tx.removeHoldings(replaced);
    await tx.insertHoldings(ledger);
    const deadLetters = await tx.registerDeadLetters([...rejected, ...conflicts]);
    // Corrections commit with the fact that caused them: the relay publishes only what committed.
    await tx.appendToOutbox({ purchases, deadLetters });
    const invoicesCorrected = new Set(purchases.map((p) => p.invoiceId)).size;
    const redelivered = facts.length - fresh.size - conflicts.length;
    return { recorded: fresh.size, redelivered, invoicesCorrected, deadLettered: deadLetters.length };
  });
}

function conflictLetter<E extends { eventId: string }>(
  fact: E,
  messageOf: Map<E, RawMessage>,
  at: Date,
): DeadLetterEvent {
  const message = 'eventId was already received with different content; the first version stands';
  const fault = { field: 'eventId', rule: 'conflict', message };
  return deadLetterFor(messageOf.get(fact)!, 'EVENT_CONFLICT', `eventId ${fact.eventId}: ${message}`, [fault], at);
}
