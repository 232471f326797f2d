import { BonusPurchaseEvent, BonusPurchaseEventType, DeadLetterEvent, InvoiceDecisionEvent } from '@sa/contracts';
import { DecisionCount, tallyDecisions } from '../domain/document-decision';

/** The events one transaction put in the outbox (as the adapters hand them to it). */
export interface OutgoingEvents {
  purchases?: readonly BonusPurchaseEvent[];
  decisions?: readonly InvoiceDecisionEvent[];
  deadLetters?: readonly DeadLetterEvent[];
}

/** What a committed transaction sent, counted once per batch so the counters are touched per label, not per event. */
export interface OutgoingTally {
  decisions: DecisionCount[];
  deadLetters: Map<string, number>;
  purchases: Record<BonusPurchaseEventType, { count: number; cents: number }>;
  /** Late facts past the correction window: CORRECTION_SKIPPED decisions. */
  correctionsOutsideWindow: number;
}

export function tallyOutgoing(written: readonly OutgoingEvents[]): OutgoingTally {
  const purchases = {
    BonusPurchaseRecorded: { count: 0, cents: 0 },
    BonusPurchaseReversed: { count: 0, cents: 0 },
  };
  const deadLetters = new Map<string, number>();
  const decisions: InvoiceDecisionEvent[] = [];
  for (const events of written) {
    for (const p of events.purchases ?? []) {
      const sum = purchases[p.eventType];
      sum.count++;
      sum.cents += Math.abs(p.amountCents);
    }
    for (const l of events.deadLetters ?? []) deadLetters.set(l.errorCode, (deadLetters.get(l.errorCode) ?? 0) + 1);
    // A loop, not push(...): a fact batch's corrections may be more than a call's arguments can hold.
    for (const d of events.decisions ?? []) decisions.push(d);
  }
  const tallied = tallyDecisions(decisions);
  const correctionsOutsideWindow = tallied
    .filter((d) => d.decision === 'CORRECTION_SKIPPED')
    .reduce((sum, d) => sum + d.count, 0);
  return { decisions: tallied, deadLetters, purchases, correctionsOutsideWindow };
}
