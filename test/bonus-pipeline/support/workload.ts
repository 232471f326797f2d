import { consent, contractChange, creditNote, invoice, InvoiceInput } from './bonus-inputs';
import { PipelineHarness, Purchase } from './pipeline-harness';

/**
 * A steady workload for the crash and rebalance tests: N signers with contracts; consents, part of
 * them sent only after the invoices (late, so they cause corrections); invoices and credit notes.
 */
export function buildWorkload(
  run: string,
  customers: number,
  invoices: number,
  issuedBase = Date.now() - 10 * 86_400_000,
) {
  const signers = Array.from({ length: customers }, (_, i) => ({
    customerId: `${run}-C${i}`,
    contractId: `${run}-K${i}`,
    member: String(2_000_000_000 + i),
    household: `${run}-H${i % 50}`,
  }));
  const contracts = signers.map((s) =>
    contractChange({
      contractId: s.contractId,
      signerCustomerId: s.customerId,
      changedAt: new Date(issuedBase - 86_400_000).toISOString(),
    }),
  );
  const consents = signers.map((s) =>
    consent({
      customerId: s.customerId,
      memberNumber: s.member,
      householdId: s.household,
      effectiveAt: new Date(issuedBase - 3_600_000).toISOString(),
    }),
  );
  const docs: InvoiceInput[] = [];
  const expected = new Map<string, { member: string; cents: number }>();
  for (let n = 0; n < invoices; n++) {
    const s = signers[n % customers];
    const fee = 1000 + ((n * 37) % 4000);
    const inv = invoice({
      invoiceId: `${run}-INV${n}`,
      customerId: s.customerId,
      contractId: s.contractId,
      issuedAt: new Date(issuedBase + n * 1000).toISOString(),
      monthlyFeeCents: fee,
      otherCents: 500,
    });
    docs.push(inv);
    let cents = fee;
    if (n % 10 === 3) {
      const credit = n % 20 === 3 ? fee + 100 : 700; // some over-credit, most partial
      docs.push(creditNote(inv, credit, { invoiceId: `${run}-CN${n}` }));
      cents = Math.max(0, fee - credit);
    }
    expected.set(inv.invoiceId, { member: s.member, cents });
  }
  return { signers, contracts, consents, docs, expected };
}

export type Workload = ReturnType<typeof buildWorkload>;

/** Sums S-Group would compute: distinct eventIds only (a republished event counts once). */
export function netByInvoice(purchases: Purchase[]): Map<string, Map<string, number>> {
  const seen = new Set<string>();
  const net = new Map<string, Map<string, number>>();
  for (const p of purchases) {
    if (seen.has(p.eventId)) continue;
    seen.add(p.eventId);
    const perMember = net.get(p.invoiceId) ?? new Map<string, number>();
    perMember.set(p.memberNumber, (perMember.get(p.memberNumber) ?? 0) + p.amountCents);
    net.set(p.invoiceId, perMember);
  }
  return net;
}

/** Every invoice nets exactly what the rules give; no member holds anything else. */
export function mismatches(w: Workload, purchases: Purchase[]): string[] {
  const net = netByInvoice(purchases);
  const problems: string[] = [];
  for (const [invoiceId, { member, cents }] of w.expected) {
    const got = net.get(invoiceId) ?? new Map<string, number>();
    for (const [m, c] of got) if (m !== member && c !== 0) problems.push(`${invoiceId}: ${m} holds ${c}`);
    if ((got.get(member) ?? 0) !== cents)
      problems.push(`${invoiceId}: ${member} holds ${got.get(member) ?? 0}, expected ${cents}`);
  }
  return problems;
}

/** Same eventId ⇒ byte-identical message, on every output topic. */
export function conflictingCopies(h: PipelineHarness): string[] {
  const byId = new Map<string, string>();
  const conflicts: string[] = [];
  for (const topic of [h.topics.bonusPurchases, h.topics.invoiceDecisions]) {
    for (const m of h.probe.on(topic)) {
      const id = `${topic}/${m.json<{ eventId: string }>().eventId}`;
      const before = byId.get(id);
      if (before !== undefined && before !== m.value) conflicts.push(id);
      byId.set(id, m.value!);
    }
  }
  return conflicts;
}

export function duplicateCount(h: PipelineHarness, topic: string): number {
  const ids = h.probe.on(topic).map((m) => m.json<{ eventId: string }>().eventId);
  return ids.length - new Set(ids).size;
}

export async function sendInChunks(h: PipelineHarness, docs: InvoiceInput[], chunk = 500): Promise<void> {
  for (let i = 0; i < docs.length; i += chunk) await h.sendInvoices(docs.slice(i, i + chunk));
}
