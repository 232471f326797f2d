import { ClassConstructor } from 'class-transformer';
import { DataSource, EntityManager } from 'typeorm';
import { DeadLetterEvent } from '@sa/contracts';
import { deadLetterFor, OutboxRelayControl, RawMessage } from '@sa/kafka';
import { appendToOutbox } from '@sa/persistence';
import { BonusPipelineConfig } from '../bonus-pipeline.config';
import { decodeBatch } from '../inbound/decode-batch';
import { outboxMessages } from '../outbound/outbox-messages';
import { DeadLettersRepository } from '../persistence/repositories/dead-letters.repository';
import { LedgerRepository } from '../persistence/repositories/ledger.repository';
import { correctionWindowStart } from './correction-window';
import { reEvaluateInvoices } from './re-evaluate-invoices';

/** What a batch of contract changes or consents did. */
export interface FactBatchOutcome {
  recorded: number;
  redelivered: number;
  invoicesCorrected: number;
  deadLettered: number;
}

/** The steps that differ between kinds of facts (contract changes, consents). */
export interface FactSteps<E extends { eventId: string }> {
  schema: ClassConstructor<E>;
  /** The instant as one canonical ISO string, so equal instants compare equal. */
  normalize(event: E): E;
  /** Locks the subjects these facts are about (exclusive), before anything is read. */
  lockSubjects(manager: EntityManager, events: E[]): Promise<void>;
  /** Stores the facts not seen before; returns the eventIds it stored. */
  recordNew(manager: EntityManager, events: E[]): Promise<Set<string>>;
  /** The content of a fact as one comparable string (eventId excluded). */
  content(event: E): string;
  /** The stored content of these eventIds, in the same form as `content`. */
  storedContent(manager: EntityManager, eventIds: string[]): Promise<Map<string, string>>;
  /** Invoices these new facts can change, with the eventId that changes each. */
  affectedInvoices(manager: EntityManager, fresh: E[], notBefore: Date): Promise<Map<string, string>>;
}

/**
 * Records a batch of facts and corrects the invoices they change, in one transaction: lock the
 * subjects, store what is new (a redelivery stores nothing and corrects nothing), re-judge the
 * affected invoices, and put the differences and any dead letters in the outbox.
 */
export async function recordFactsAndCorrect<E extends { eventId: string }>(
  steps: FactSteps<E>,
  messages: RawMessage[],
  deps: { dataSource: DataSource; relay: OutboxRelayControl; config: BonusPipelineConfig },
): Promise<FactBatchOutcome> {
  const now = new Date();
  const { valid, rejected } = decodeBatch(steps.schema, messages, now);
  const events = valid.map((v) => steps.normalize(v.value));
  const messageOf = new Map(valid.map((v, i) => [events[i], v.message]));
  // PostgreSQL's default READ COMMITTED (no extra SET round trip); the subject locks order conflicting batches.
  const outcome = await deps.dataSource.transaction(async (manager) => {
    // Lock first: an invoice batch reading these subjects' facts either committed already or waits for us.
    await steps.lockSubjects(manager, events);
    const recorded = await steps.recordNew(manager, events);
    const fresh = events.filter((e) => recorded.delete(e.eventId));
    const freshSet = new Set(fresh);
    const conflicts = await conflictingRepeats(steps, manager, events.filter((e) => !freshSet.has(e)), messageOf, now);
    const affected = await steps.affectedInvoices(manager, fresh, correctionWindowStart(now, deps.config.correctionWindowDays));
    const { purchases, ledgerToInsert } = await reEvaluateInvoices(manager, affected);
    await LedgerRepository.insert(manager, ledgerToInsert);
    const deadLetters = await DeadLettersRepository.registerNew(manager, [...rejected, ...conflicts]);
    // Corrections commit with the fact that caused them: the relay publishes only what committed.
    await appendToOutbox(manager, deps.config.database.schema, outboxMessages(deps.config.topics, { purchases, deadLetters }));
    return { recorded: fresh.length, redelivered: events.length - fresh.length - conflicts.length, invoicesCorrected: new Set(purchases.map((p) => p.invoiceId)).size, deadLettered: deadLetters.length };
  });
  deps.relay.nudge();
  return outcome;
}

/** Repeats of a stored eventId with other content: dead letters; the first version stands. */
async function conflictingRepeats<E extends { eventId: string }>(steps: FactSteps<E>, manager: EntityManager, repeats: E[], messageOf: Map<E, RawMessage>, now: Date): Promise<DeadLetterEvent[]> {
  if (repeats.length === 0) return [];
  const stored = await steps.storedContent(manager, [...new Set(repeats.map((e) => e.eventId))]);
  const message = 'eventId was already received with different content; the first version stands';
  return repeats
    .filter((e) => stored.get(e.eventId) !== steps.content(e))
    .map((e) => deadLetterFor(messageOf.get(e)!, 'EVENT_CONFLICT', `eventId ${e.eventId}: ${message}`, [{ field: 'eventId', rule: 'conflict', message }], now));
}
