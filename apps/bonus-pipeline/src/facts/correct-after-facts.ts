import { Logger } from '@nestjs/common';
import { DeadLetterEvent } from '@sa/contracts';
import { RawMessage } from '@sa/kafka';
import { RejectedInput, rejectedInput } from '../dead-letters/rejected-input.factory';
import { correctionWindowMs } from '../domain/correction-window';
import { factDecisions } from '../domain/document-decision';
import { conflictingRepeats } from '../domain/fact-content';
import { correctInvoices, FactCorrections } from '../domain/settle-invoice';
import { DecodedBatch } from '../kafka-inputs/decode-batch';
import { BeforeCommit } from '../kafka-inputs/input-batch-outcome';
import { FactBatchStore } from './fact-batch-store.port';

/** What a batch of contract changes or consents did. */
export interface FactBatchOutcome {
  recorded: number;
  redelivered: number;
  invoicesCorrected: number;
  /** Invoices outside the correction window the new facts would have changed: a CORRECTION_SKIPPED decision each. */
  correctionsSkipped: number;
  /** Dead letters registered now (one registered before for the same source position is not sent again). */
  deadLettered: number;
  /** Every input of the batch that cannot be processed, dead-lettered now or before: a re-drive reports these. */
  unprocessable: DeadLetterEvent[];
}

const logger = new Logger('Corrections');

/** The pure rules that differ between kinds of facts (contract changes, consents). */
export interface FactRules<E extends { eventId: string }> {
  /** The instant as one canonical ISO string, so equal instants compare equal. */
  normalize(fact: E): E;
  /** The content of a fact as one comparable string (eventId excluded). */
  content(fact: E): string;
}

/**
 * Records a batch of facts and corrects the invoices they change, in one transaction: lock the
 * subjects, store what is new with the batch's time (a redelivery stores nothing and corrects nothing),
 * dead-letter an eventId repeated with other content, re-judge the affected invoices inside the correction
 * window, and put the differences, a correction decision per changed invoice, a CORRECTION_SKIPPED decision
 * per older invoice the facts would have changed, and any dead letters in the outbox.
 */
export async function correctAfterFacts<E extends { eventId: string }>(
  store: FactBatchStore<E>,
  rules: FactRules<E>,
  { valid, rejected, at }: DecodedBatch<E>,
  correctionWindowDays: number,
  beforeCommit?: BeforeCommit,
): Promise<FactBatchOutcome> {
  const facts = valid.map((v) => rules.normalize(v.value));
  const messageOf = new Map(valid.map((v, i) => [facts[i], v.message]));
  const { outcome, skipped } = await store.inTransaction(async (tx) => {
    // Lock first: an invoice batch reading these subjects' facts either committed already or waits for us.
    await tx.lockSubjects(facts);
    const recorded = await tx.recordNew(facts, at);
    const fresh = new Set(facts.filter((e) => recorded.delete(e.eventId)));
    const repeats = facts.filter((e) => !fresh.has(e));
    const stored =
      repeats.length === 0 ? new Map() : await tx.storedContent([...new Set(repeats.map((e) => e.eventId))]);
    const conflicts = conflictingRepeats(repeats, stored, rules.content).map((e) => conflictLetter(e, messageOf, at));
    const affected = await tx.affectedInvoices([...fresh]);
    const inputs = await tx.readForRejudging([...affected.keys()], new Map());
    const corrections = correctInvoices(inputs, affected, factWindow(at, correctionWindowDays, fresh));
    await tx.removeHoldings(corrections.replaced);
    await tx.insertHoldings(corrections.ledger);
    const decisions = factDecisions(corrections, affected, at.toISOString());
    const unprocessable = [...rejected, ...conflicts];
    const deadLetters = await tx.registerDeadLetters(unprocessable);
    // Corrections and their decisions commit with the fact that caused them: only what committed is published.
    await tx.appendToOutbox({ purchases: corrections.purchases, decisions, deadLetters });
    const outcome: FactBatchOutcome = {
      recorded: fresh.size,
      redelivered: facts.length - fresh.size - conflicts.length,
      invoicesCorrected: decisions.length - corrections.skipped.length,
      correctionsSkipped: corrections.skipped.length,
      deadLettered: deadLetters.length,
      unprocessable: unprocessable.map((r) => r.letter),
    };
    await beforeCommit?.(outcome, tx);
    return { outcome, skipped: corrections.skipped };
  });
  warnSkipped(skipped, correctionWindowDays);
  return outcome;
}

function factWindow(at: Date, days: number, fresh: ReadonlySet<{ eventId: string }>) {
  const newFacts = new Set([...fresh].map((e) => e.eventId));
  return { windowMs: correctionWindowMs(days), recordedAtMs: at.getTime(), newFacts };
}

/** After the commit, one structured warn line per invoice a late fact would have changed outside the window. */
function warnSkipped(skipped: FactCorrections['skipped'], correctionWindowDays: number): void {
  for (const { invoice, causeEventId, wouldChangeCents } of skipped) {
    logger.warn({
      message: 'late fact outside the correction window: not applied',
      causeEventId,
      invoiceId: invoice.invoiceId,
      issuedAt: new Date(invoice.issuedAtMs).toISOString(),
      wouldChangeCents,
      correctionWindowDays,
    });
  }
}

function conflictLetter<E extends { eventId: string }>(
  fact: E,
  messageOf: Map<E, RawMessage>,
  at: Date,
): RejectedInput {
  const message = 'eventId was already received with different content; the first version stands';
  const fault = { field: 'eventId', rule: 'conflict', message };
  return rejectedInput(messageOf.get(fact)!, 'EVENT_CONFLICT', `eventId ${fact.eventId}: ${message}`, [fault], at);
}
