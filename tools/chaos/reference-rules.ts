import { ConsentInput, ContractInput, InvoiceInput } from './chaos-workload';

/**
 * The rules written once more, plainly and apart from the pipeline's domain code (nothing from
 * apps/ is used), so that a chaos run checks the pipeline against an independent reading of
 * RULES.md over the generated inputs:
 * - R2/R5: the contract's last change at or before issuedAt names the payer as signer;
 * - R6/R7: the payer's last consent event at or before issuedAt is a grant; its member gets the bonus;
 * - R1/R10: the MONTHLY_FEE lines, less what the credit notes take back (their MONTHLY_FEE lines,
 *   never a positive one), never below zero.
 * Returns `invoiceId → memberNumber → cents`, only non-zero amounts.
 */
export function expectedBonus(
  invoices: readonly InvoiceInput[],
  creditNotes: readonly InvoiceInput[],
  contracts: readonly ContractInput[],
  consents: readonly ConsentInput[],
): Map<string, Map<string, number>> {
  const versionsOf = groupSorted(
    contracts,
    (c) => c.contractId,
    (c) => Date.parse(c.changedAt),
  );
  const consentsOf = groupSorted(
    consents,
    (c) => c.customerId,
    (c) => Date.parse(c.effectiveAt),
  );
  const takenBack = new Map<string, number>();
  for (const note of creditNotes) {
    const cents = Math.min(0, monthlyFee(note));
    takenBack.set(note.creditedInvoiceId!, (takenBack.get(note.creditedInvoiceId!) ?? 0) + cents);
  }
  const expected = new Map<string, Map<string, number>>();
  for (const inv of invoices) {
    const at = Date.parse(inv.issuedAt);
    const contract = lastAtOrBefore(versionsOf.get(inv.contractId), at, (c) => Date.parse(c.changedAt));
    if (contract?.signerCustomerId !== inv.customerId) continue;
    const consent = lastAtOrBefore(consentsOf.get(inv.customerId), at, (c) => Date.parse(c.effectiveAt));
    if (consent?.eventType !== 'ConsentGranted') continue;
    const cents = Math.max(0, monthlyFee(inv) + (takenBack.get(inv.invoiceId) ?? 0));
    if (cents > 0) expected.set(inv.invoiceId, new Map([[consent.memberNumber, cents]]));
  }
  return expected;
}

function monthlyFee(doc: InvoiceInput): number {
  return doc.lines.filter((l) => l.category === 'MONTHLY_FEE').reduce((sum, l) => sum + l.grossAmountCents, 0);
}

function groupSorted<T>(items: readonly T[], keyOf: (t: T) => string, timeOf: (t: T) => number): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  for (const group of groups.values()) group.sort((a, b) => timeOf(a) - timeOf(b));
  return groups;
}

function lastAtOrBefore<T>(sorted: readonly T[] | undefined, at: number, timeOf: (t: T) => number): T | undefined {
  let found: T | undefined;
  for (const item of sorted ?? []) if (timeOf(item) <= at) found = item;
  return found;
}
