import { BonusPurchaseEvent, PARTNER_ID } from '@sa/contracts';
import { ConsentRecord, ContractVersion, Holding, InvoiceFacts, Judgement, LedgerEntry, Verdict } from './bonus-facts';
import { effectiveFacts, FactWindow, factsCloseAt } from './correction-window';
import { decideInvoice } from './decide-invoice';
import { bonusPurchaseEventId } from './event-ids';

export interface Settlement {
  purchases: BonusPurchaseEvent[];
  /** The invoice's ledger after the purchases: every member ever sent something (a net of 0 keeps its count). */
  ledger: LedgerEntry[];
}

/**
 * Emits the difference between what was sent for an invoice and what the rules now give, so the
 * sum per (member, invoice) on the topic always equals the current verdict; nothing sent is edited.
 * Each purchase is the next step of its (invoice, member) history and is named by it (`bonusPurchaseEventId`).
 */
export function settleInvoice(
  invoiceId: string,
  purchasedAt: string,
  verdict: Verdict,
  sent: readonly LedgerEntry[],
  sourceEventId: string,
): Settlement {
  const purchases: BonusPurchaseEvent[] = [];
  const ledger: LedgerEntry[] = [];
  const target = verdict.eligible ? verdict : undefined;
  const settle = (held: LedgerEntry, householdId: string, netAfterCents: number) => {
    const amountCents = netAfterCents - held.netCents;
    if (amountCents === 0) {
      if (held.eventsSent > 0 || netAfterCents !== 0) ledger.push({ ...held, householdId });
      return;
    }
    const { memberNumber, eventsSent: sequence, netCents: netBeforeCents } = held;
    purchases.push({
      eventId: bonusPurchaseEventId({ invoiceId, memberNumber, sequence, netBeforeCents, netAfterCents }),
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
    ledger.push({ memberNumber, householdId, netCents: netAfterCents, eventsSent: sequence + 1 });
  };
  for (const entry of [...sent].sort((a, b) => (a.memberNumber < b.memberNumber ? -1 : 1))) {
    if (entry.memberNumber !== target?.memberNumber) settle(entry, entry.householdId, 0);
  }
  if (target) {
    const { memberNumber, householdId } = target;
    const held = sent.find((e) => e.memberNumber === memberNumber) ?? {
      memberNumber,
      householdId,
      netCents: 0,
      eventsSent: 0,
    };
    settle(held, householdId, target.amountCents);
  }
  return { purchases, ledger };
}

/** What the store read for a re-judgement, inside the batch's transaction and after its locks. */
export interface RejudgeInputs {
  /** The invoices to judge: the locked existing ones (in invoiceId order), then the brand-new ones. */
  invoices: InvoiceFacts[];
  /** Σ of the credit notes' MONTHLY_FEE per credited invoice (≤ 0). */
  credited: Map<string, number>;
  contracts: Map<string, ContractVersion[]>;
  consents: Map<string, ConsentRecord[]>;
  /** What the ledger holds per invoice: what was sent so far. */
  sent: Map<string, LedgerEntry[]>;
}

export interface Rejudgement {
  judged: Map<string, Judgement>;
  purchases: BonusPurchaseEvent[];
  /** The new holdings, to insert in this transaction. */
  ledger: Holding[];
  /** Invoices whose old holdings must go before the new ones are inserted. */
  replaced: string[];
}

/**
 * Re-judges invoices against the facts effective for each (`effectiveFacts`: recorded while the invoice was
 * inside the correction window) and settles the difference with what was sent. `sources` maps each invoiceId
 * to the input that caused this re-judgement (it becomes the purchases' sourceEventId).
 */
export function rejudgeInvoices(
  inputs: RejudgeInputs,
  sources: ReadonlyMap<string, string>,
  window: FactWindow,
): Rejudgement {
  const result: Rejudgement = { judged: new Map(), purchases: [], ledger: [], replaced: [] };
  for (const invoice of inputs.invoices) {
    const creditedCents = inputs.credited.get(invoice.invoiceId) ?? 0;
    const contracts = effectiveFacts(inputs.contracts.get(invoice.contractId) ?? [], invoice, window);
    const consents = effectiveFacts(inputs.consents.get(invoice.customerId) ?? [], invoice, window);
    const verdict = decideInvoice(invoice, creditedCents, contracts, consents);
    const before = inputs.sent.get(invoice.invoiceId) ?? [];
    const purchasedAt = new Date(invoice.issuedAtMs).toISOString();
    const settlement = settleInvoice(invoice.invoiceId, purchasedAt, verdict, before, sources.get(invoice.invoiceId)!);
    const changeCents = settlement.purchases.reduce((sum, p) => sum + p.amountCents, 0);
    const changed = settlement.purchases.length > 0;
    result.judged.set(invoice.invoiceId, { facts: invoice, creditedCents, verdict, changeCents, changed });
    if (!changed && sameHoldings(before, settlement.ledger)) continue;
    result.purchases.push(...settlement.purchases);
    if (before.length > 0) result.replaced.push(invoice.invoiceId);
    result.ledger.push(...settlement.ledger.map((e) => ({ ...e, invoiceId: invoice.invoiceId })));
  }
  return result;
}

function sameHoldings(a: readonly LedgerEntry[], b: readonly LedgerEntry[]): boolean {
  const kept = a.filter((e) => e.netCents !== 0 || e.eventsSent > 0);
  return (
    kept.length === b.length &&
    kept.every((e) =>
      b.some(
        (x) =>
          x.memberNumber === e.memberNumber &&
          x.netCents === e.netCents &&
          x.householdId === e.householdId &&
          x.eventsSent === e.eventsSent,
      ),
    )
  );
}

/** What a batch of contract changes or consents does to the invoices it reaches. */
export interface FactCorrections extends Rejudgement {
  /** Invoices outside the window the facts would have changed: nothing is sent for them (CORRECTION_SKIPPED). */
  skipped: { invoice: InvoiceFacts; causeEventId: string; wouldChangeCents: number }[];
}

/**
 * Re-judges the invoices new facts (recorded at `recordedAtMs`) reach (`causes`: invoiceId → the fact changing
 * it). Where they count (`factsCloseAt`: in practice, the invoice is inside the correction window) the invoice
 * is corrected; elsewhere it is judged once more as if they counted, only to name those they would have changed.
 */
export function correctInvoices(
  inputs: RejudgeInputs,
  causes: ReadonlyMap<string, string>,
  window: FactWindow & { recordedAtMs: number; newFacts: ReadonlySet<string> },
): FactCorrections {
  const counts = (invoice: InvoiceFacts) => window.recordedAtMs <= factsCloseAt(invoice, window.windowMs);
  const inside = inputs.invoices.filter(counts);
  const outside = inputs.invoices.filter((i) => !counts(i));
  const corrected = rejudgeInvoices({ ...inputs, invoices: inside }, causes, window);
  const wouldBe = rejudgeInvoices({ ...inputs, invoices: outside }, causes, {
    ...window,
    alsoEffective: window.newFacts,
  });
  const skipped = outside
    .filter((invoice) => wouldBe.judged.get(invoice.invoiceId)!.changed)
    .map((invoice) => ({
      invoice,
      causeEventId: causes.get(invoice.invoiceId)!,
      wouldChangeCents: wouldBe.judged.get(invoice.invoiceId)!.changeCents,
    }));
  return { ...corrected, skipped };
}
