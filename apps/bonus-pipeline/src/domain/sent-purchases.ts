import { BonusPurchaseEvent, PARTNER_ID } from '@sa/contracts';
import { Holding } from './bonus-facts';
import { bonusPurchaseEventId } from './event-ids';

/** What S-Group's topic carries for one (invoice, member): the sum of its distinct purchase events and their count. */
export interface TopicHolding {
  invoiceId: string;
  memberNumber: string;
  householdId: string;
  netCents: number;
  events: number;
}

/** The fields of a purchase event the fold reads (the rest of the message is not needed). */
export type SentPurchase = Pick<
  BonusPurchaseEvent,
  | 'eventId'
  | 'eventType'
  | 'invoiceId'
  | 'memberNumber'
  | 'householdId'
  | 'amountCents'
  | 'purchasedAt'
  | 'sourceEventId'
>;

/**
 * Folds `sgroup.bonus-purchases.v1`, read from its start, into what it carries per (invoice, member). S-Group
 * dedupes by eventId, so a republished event (the relay's duplicate window) counts once; an id seen again with
 * another amount (possible only for ids from before purchase ids named their step) is counted as a conflict
 * and, like S-Group, the first one kept.
 */
export class SentPurchasesFold {
  readonly holdings = new Map<string, TopicHolding>();
  /** Each distinct purchase once, in topic order: what the purchase log (bonus.purchase_log) is rebuilt from. */
  readonly distinct: SentPurchase[] = [];
  private readonly amountOf = new Map<string, number>();
  read = 0;
  duplicates = 0;
  conflicts = 0;

  add(p: SentPurchase): void {
    this.read++;
    const seen = this.amountOf.get(p.eventId);
    if (seen !== undefined) {
      if (seen === p.amountCents) this.duplicates++;
      else this.conflicts++;
      return;
    }
    this.amountOf.set(p.eventId, p.amountCents);
    this.distinct.push(p);
    const key = `${p.invoiceId}\u0000${p.memberNumber}`;
    const held = this.holdings.get(key);
    if (held) {
      held.netCents += p.amountCents;
      held.events++;
      held.householdId = p.householdId;
    } else {
      const { invoiceId, memberNumber, householdId, amountCents } = p;
      this.holdings.set(key, { invoiceId, memberNumber, householdId, netCents: amountCents, events: 1 });
    }
  }
}

/** One (invoice, member) at the end of a recovery's catch-up: what the rules give and what the topic carries. */
export interface RecoveredPair {
  invoiceId: string;
  memberNumber: string;
  /** The ledger after the quiet catch-up: what the rules give now (absent: nothing). */
  rules?: { householdId: string; netCents: number };
  topic?: TopicHolding;
  /** The invoice as stored (absent: never received in this replay, e.g. only a credit note of it arrived). */
  invoice?: { sourceEventId: string; purchasedAt: string };
}

export interface Reconciliation {
  purchases: BonusPurchaseEvent[];
  /** The whole ledger after the reconciliation: what was sent, counted per pair. */
  ledger: Holding[];
}

/**
 * Sends only what the topic is missing: per pair, the difference between the rules and the topic, as the next
 * step of the pair's history on the topic (so a purchase lost with the outbox, recomputed from the same state,
 * carries the id it would have had). An invoice this replay never received keeps what the topic carries.
 */
export function reconcileWithTopic(pairs: Iterable<RecoveredPair>): Reconciliation {
  const result: Reconciliation = { purchases: [], ledger: [] };
  for (const { invoiceId, memberNumber, rules, topic, invoice } of pairs) {
    const netBeforeCents = topic?.netCents ?? 0;
    const sequence = topic?.events ?? 0;
    const netAfterCents = invoice ? (rules?.netCents ?? 0) : netBeforeCents;
    const householdId = (invoice ? rules?.householdId : undefined) ?? topic?.householdId ?? rules!.householdId;
    const amountCents = netAfterCents - netBeforeCents;
    if (amountCents !== 0) {
      result.purchases.push({
        eventId: bonusPurchaseEventId({ invoiceId, memberNumber, sequence, netBeforeCents, netAfterCents }),
        eventType: amountCents > 0 ? 'BonusPurchaseRecorded' : 'BonusPurchaseReversed',
        partnerId: PARTNER_ID,
        memberNumber,
        householdId,
        invoiceId,
        sourceEventId: invoice!.sourceEventId,
        purchasedAt: invoice!.purchasedAt,
        amountCents,
        currency: 'EUR',
      });
    }
    const eventsSent = sequence + (amountCents !== 0 ? 1 : 0);
    if (eventsSent > 0 || netAfterCents !== 0)
      result.ledger.push({ invoiceId, memberNumber, householdId, netCents: netAfterCents, eventsSent });
  }
  return result;
}
