import { BonusPurchaseEvent, PARTNER_ID } from '@sa/contracts';
import { LedgerEntry, Verdict } from './bonus-facts';
import { bonusPurchaseEventId } from './event-ids';

export interface Settlement {
  purchases: BonusPurchaseEvent[];
  /** The invoice's ledger after the purchases: only non-zero holdings. */
  ledger: LedgerEntry[];
}

/**
 * Emits the difference between what was sent for an invoice and what the rules now give, so the
 * sum per (member, invoice) on the topic always equals the current verdict; nothing sent is edited.
 */
export function settleInvoice(invoiceId: string, purchasedAt: string, verdict: Verdict, sent: readonly LedgerEntry[], sourceEventId: string): Settlement {
  const purchases: BonusPurchaseEvent[] = [];
  const ledger: LedgerEntry[] = [];
  const emit = (memberNumber: string, householdId: string, amountCents: number) =>
    purchases.push({
      eventId: bonusPurchaseEventId(sourceEventId, invoiceId, memberNumber),
      eventType: amountCents > 0 ? 'BonusPurchaseRecorded' : 'BonusPurchaseReversed',
      partnerId: PARTNER_ID,
      memberNumber,
      householdId,
      invoiceId,
      sourceEventId,
      purchasedAt,
      amountCents,
      currency: 'EUR',
    });
  const target = verdict.eligible ? verdict : undefined;
  for (const entry of [...sent].sort((a, b) => (a.memberNumber < b.memberNumber ? -1 : 1))) {
    if (entry.memberNumber === target?.memberNumber || entry.netCents === 0) continue;
    emit(entry.memberNumber, entry.householdId, -entry.netCents);
  }
  if (target) {
    const held = sent.find((e) => e.memberNumber === target.memberNumber)?.netCents ?? 0;
    const delta = target.amountCents - held;
    if (delta !== 0) emit(target.memberNumber, target.householdId, delta);
    ledger.push({ memberNumber: target.memberNumber, householdId: target.householdId, netCents: target.amountCents });
  }
  return { purchases, ledger };
}
