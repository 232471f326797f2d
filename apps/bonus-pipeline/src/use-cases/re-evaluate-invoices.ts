import { EntityManager } from 'typeorm';
import { BonusPurchaseEvent } from '@sa/contracts';
import { InvoiceFacts, LedgerEntry, Verdict } from '../domain/bonus-facts';
import { decideInvoice } from '../domain/decide-invoice';
import { settleInvoice } from '../domain/settle-invoice';
import { ConsentEventsRepository } from '../persistence/repositories/consent-events.repository';
import { ContractVersionsRepository } from '../persistence/repositories/contract-versions.repository';
import { InvoicesRepository } from '../persistence/repositories/invoices.repository';
import { LedgerRepository } from '../persistence/repositories/ledger.repository';

export interface Judgement {
  facts: InvoiceFacts;
  creditedCents: number;
  verdict: Verdict;
}

export interface ReEvaluation {
  judged: Map<string, Judgement>;
  purchases: BonusPurchaseEvent[];
  /** The new holdings: the caller inserts them in this transaction (old holdings are already removed). */
  ledgerToInsert: (LedgerEntry & { invoiceId: string })[];
}

/**
 * Re-judges invoices against everything recorded so far and settles the difference with what was
 * sent. `sources` maps each invoiceId to the input that caused this re-judgement. `brandNew` are
 * invoices this transaction inserted with nothing pointing at them yet: no lock, credit or ledger
 * to read (the common case, kept to fewer round trips). Runs inside the caller's transaction,
 * after the caller locked its subjects.
 */
export async function reEvaluateInvoices(manager: EntityManager, sources: Map<string, string>, brandNew: Map<string, InvoiceFacts> = new Map()): Promise<ReEvaluation> {
  const existing = await InvoicesRepository.lockInvoices(manager, [...sources.keys()].filter((id) => !brandNew.has(id)).sort());
  const existingIds = existing.map((f) => f.invoiceId);
  const facts = [...existing, ...[...brandNew.values()].filter((f) => sources.has(f.invoiceId))];
  const credited = await InvoicesRepository.creditedCents(manager, existingIds);
  const contracts = await ContractVersionsRepository.historiesOf(manager, facts.map((f) => f.contractId));
  const consents = await ConsentEventsRepository.historiesOf(manager, facts.map((f) => f.customerId));
  const sent = await LedgerRepository.sentFor(manager, existingIds);
  const judged = new Map<string, Judgement>();
  const purchases: BonusPurchaseEvent[] = [];
  const ledger: (LedgerEntry & { invoiceId: string })[] = [];
  const replaced: string[] = [];
  for (const invoice of facts) {
    const creditedCents = credited.get(invoice.invoiceId) ?? 0;
    const verdict = decideInvoice(invoice, creditedCents, contracts.get(invoice.contractId) ?? [], consents.get(invoice.customerId) ?? []);
    judged.set(invoice.invoiceId, { facts: invoice, creditedCents, verdict });
    const before = sent.get(invoice.invoiceId) ?? [];
    const settlement = settleInvoice(invoice.invoiceId, new Date(invoice.issuedAtMs).toISOString(), verdict, before, sources.get(invoice.invoiceId)!);
    if (settlement.purchases.length === 0 && sameHoldings(before, settlement.ledger)) continue;
    purchases.push(...settlement.purchases);
    if (before.length > 0) replaced.push(invoice.invoiceId);
    ledger.push(...settlement.ledger.map((e) => ({ ...e, invoiceId: invoice.invoiceId })));
  }
  await LedgerRepository.remove(manager, replaced);
  return { judged, purchases, ledgerToInsert: ledger };
}

function sameHoldings(a: readonly LedgerEntry[], b: readonly LedgerEntry[]): boolean {
  const nonZero = a.filter((e) => e.netCents !== 0);
  return nonZero.length === b.length && nonZero.every((e) => b.some((x) => x.memberNumber === e.memberNumber && x.netCents === e.netCents && x.householdId === e.householdId));
}
