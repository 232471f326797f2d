import fc from 'fast-check';
import { Client } from 'pg';
import { consent, contractChange, creditNote, invoice, InvoiceInput, uid } from './support/bonus-inputs';
import { PipelineHarness } from './support/pipeline-harness';
import { until } from '../support/kafka-probe';

// Coarse instants (12 h apart) so that invoices often coincide with consents and contract changes:
// the R7 "at or after" edge.
const HOUR = 12 * 3_600_000;
const BASE = Date.now() - 30 * 24 * 3_600_000;
const at = (hours: number) => new Date(BASE + hours * HOUR).toISOString();

interface Scenario {
  contracts: { contractId: string; versions: { hours: number; signer: number }[] }[];
  consents: { customer: number; steps: { hours: number; grant: boolean }[] }[];
  invoices: { payer: number; contract: number; hours: number; feeCents: number; otherCents: number }[];
  creditNotes: { invoice: number; cents: number; unknownInvoice: boolean }[];
  duplicates: number[];
  waves: number;
  seed: number;
}

const CUSTOMERS = 3;
const scenario: fc.Arbitrary<Scenario> = fc.record({
  contracts: fc.array(
    fc.record({
      contractId: fc.constant(''),
      versions: fc.uniqueArray(
        fc.record({ hours: fc.integer({ min: 0, max: 20 }), signer: fc.integer({ min: 0, max: CUSTOMERS - 1 }) }),
        { minLength: 1, maxLength: 3, selector: (v) => v.hours },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  consents: fc.uniqueArray(
    fc.record({
      customer: fc.integer({ min: 0, max: CUSTOMERS - 1 }),
      steps: fc.uniqueArray(fc.record({ hours: fc.integer({ min: 0, max: 20 }), grant: fc.boolean() }), {
        minLength: 1,
        maxLength: 4,
        selector: (s) => s.hours,
      }),
    }),
    { maxLength: CUSTOMERS, selector: (c) => c.customer },
  ),
  invoices: fc.array(
    fc.record({
      payer: fc.integer({ min: 0, max: CUSTOMERS - 1 }),
      contract: fc.nat(),
      hours: fc.integer({ min: 0, max: 20 }),
      feeCents: fc.integer({ min: 0, max: 400 }),
      otherCents: fc.integer({ min: 0, max: 5000 }),
    }),
    { minLength: 1, maxLength: 10 },
  ),
  creditNotes: fc.array(
    fc.record({ invoice: fc.nat(), cents: fc.integer({ min: 1, max: 400 }), unknownInvoice: fc.boolean() }),
    { maxLength: 5 },
  ),
  duplicates: fc.array(fc.nat(), { maxLength: 3 }),
  waves: fc.integer({ min: 1, max: 3 }),
  seed: fc.integer(),
});

/**
 * The rules, written plainly and independently of the production code: for each invoice, the
 * contract's last change at or before issuedAt must name the payer as signer; walking the payer's
 * consent steps up to issuedAt must end granted; the amount is the monthly fee less its credit
 * notes, never below zero. Returns invoiceId → { memberNumber → cents }.
 */
function reference(
  s: Scenario,
  ids: Ids,
  invoices: InvoiceInput[],
  notes: InvoiceInput[],
): Record<string, Record<string, number>> {
  const expected: Record<string, Record<string, number>> = {};
  for (const inv of invoices) {
    const issued = Date.parse(inv.issuedAt);
    const contractIndex = ids.contracts.indexOf(inv.contractId);
    const versions = s.contracts[contractIndex].versions
      .filter((v) => BASE + v.hours * HOUR <= issued)
      .sort((a, b) => a.hours - b.hours);
    const signer = versions.length > 0 ? ids.customers[versions[versions.length - 1].signer] : undefined;
    if (signer !== inv.customerId) continue;
    const steps = (s.consents.find((c) => ids.customers[c.customer] === inv.customerId)?.steps ?? [])
      .filter((st) => BASE + st.hours * HOUR <= issued)
      .sort((a, b) => a.hours - b.hours);
    let member: string | undefined;
    for (const st of steps) member = st.grant ? ids.memberOf(inv.customerId, st.hours) : undefined;
    if (!member) continue;
    const fee = inv.lines.filter((l) => l.category === 'MONTHLY_FEE').reduce((sum, l) => sum + l.grossAmountCents, 0);
    const credited = notes
      .filter((n) => n.creditedInvoiceId === inv.invoiceId)
      .reduce((sum, n) => sum + n.lines[0].grossAmountCents, 0);
    const amount = Math.max(0, fee + credited);
    if (amount > 0) expected[inv.invoiceId] = { [member]: amount };
  }
  return expected;
}

interface Ids {
  customers: string[];
  contracts: string[];
  memberOf(customerId: string, grantHours: number): string;
}

function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let x = seed | 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = Math.abs(x) % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('bonus pipeline order independence (property-based, real Kafka + PostgreSQL)', () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await PipelineHarness.create();
    await h.startInProcess({ BONUS_PARTITIONS_CONCURRENTLY: '3' });
  });
  afterAll(() => h?.close());

  it(
    'whatever the cross-topic arrival order, ' + 'the net per (member, invoice) equals a plain evaluation of the rules',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          const run = uid('p');
          const ids: Ids = {
            customers: Array.from({ length: CUSTOMERS }, (_, i) => `${run}-C${i}`),
            contracts: s.contracts.map((_, i) => `${run}-K${i}`),
            memberOf: (customerId, hours) =>
              `${(Math.abs(hashCode(`${customerId}/${hours}`)) % 9_000_000_000) + 1_000_000_000}`,
          };
          const contractEvents = s.contracts.flatMap((c, i) =>
            c.versions.map((v) =>
              contractChange({
                contractId: ids.contracts[i],
                signerCustomerId: ids.customers[v.signer],
                changedAt: at(v.hours),
              }),
            ),
          );
          const consentEvents = s.consents.flatMap((c) => {
            const customerId = ids.customers[c.customer];
            let registration = '';
            let member = '';
            return [...c.steps]
              .sort((a, b) => a.hours - b.hours)
              .map((st) => {
                if (st.grant) {
                  registration = `${customerId}-R${st.hours}`;
                  member = ids.memberOf(customerId, st.hours);
                }
                // A revocation before any grant names a registration that never existed: still a revocation.
                return consent({
                  customerId,
                  memberNumber: member || '0000000000',
                  householdId: `${customerId}-H`,
                  registrationId: registration || `${customerId}-R-none`,
                  effectiveAt: at(st.hours),
                  revoked: !st.grant,
                });
              });
          });
          const invoices = s.invoices.map((i, n) =>
            invoice({
              invoiceId: `${run}-INV${n}`,
              customerId: ids.customers[i.payer],
              contractId: ids.contracts[i.contract % ids.contracts.length],
              issuedAt: at(i.hours),
              monthlyFeeCents: i.feeCents,
              otherCents: i.otherCents,
            }),
          );
          const notes = s.creditNotes.map((c, n) => {
            const target = c.unknownInvoice
              ? { ...invoices[0], invoiceId: `${run}-NEVER` }
              : invoices[c.invoice % invoices.length];
            return creditNote(target, c.cents, { invoiceId: `${run}-CN${n}` });
          });
          const duplicates = s.duplicates.map((d) => ({ ...invoices[d % invoices.length], eventId: uid('e-dup') }));
          const redeliveries = s.duplicates.map((d) => invoices[d % invoices.length]);
          type Item = {
            topic: 'invoices' | 'contracts' | 'consents';
            value: { eventId: string } & Record<string, unknown>;
          };
          const items: Item[] = shuffle(
            [
              ...contractEvents.map((value) => ({ topic: 'contracts' as const, value })),
              ...consentEvents.map((value) => ({ topic: 'consents' as const, value })),
              ...[...invoices, ...notes, ...duplicates, ...redeliveries].map((value) => ({
                topic: 'invoices' as const,
                value: value as unknown as Item['value'],
              })),
            ],
            s.seed,
          );
          const waveSize = Math.ceil(items.length / s.waves);
          for (let start = 0; start < items.length; start += waveSize) {
            const wave = items.slice(start, start + waveSize);
            // The three topics are consumed independently: their relative order is up to the broker and the consumer.
            await h.sendInvoices(wave.filter((w) => w.topic === 'invoices').map((w) => w.value));
            await h.sendContracts(wave.filter((w) => w.topic === 'contracts').map((w) => w.value as never));
            await h.sendConsents(wave.filter((w) => w.topic === 'consents').map((w) => w.value as never));
          }
          await h.waitForDecisions(
            [...invoices, ...notes, ...duplicates].map((i) => i.eventId),
            60_000,
          );
          await h.waitForAbsorbed(
            [...contractEvents, ...consentEvents].map((e) => e.eventId),
            60_000,
          );
          const expected = reference(s, ids, invoices, notes);
          for (const inv of invoices) await h.waitForNet(inv.invoiceId, expected[inv.invoiceId] ?? {}, 20_000);
          // Per invoice, the decisions' amountChangeCents add up to the purchases (corrections included).
          const totals = () => {
            const { decided, purchased } = h.totalsPerInvoice();
            const ofRun = (o: Record<string, number>) =>
              Object.entries(o)
                .filter(([id]) => id.startsWith(run))
                .sort();
            return { decided: ofRun(decided), purchased: ofRun(purchased) };
          };
          await until(
            () => JSON.stringify(totals().decided) === JSON.stringify(totals().purchased),
            20_000,
            'decisions to add up to the purchases',
          ).catch(() => undefined);
          expect(totals().decided).toEqual(totals().purchased);
          // One decision per distinct input eventId (corrections aside), nothing for redeliveries.
          const decided = h.decisions().filter((d) => d.invoiceId.startsWith(run) && !d.correction);
          expect(decided).toHaveLength(invoices.length + notes.length + duplicates.length);
          expect(decided.filter((d) => d.decision === 'DUPLICATE')).toHaveLength(duplicates.length);
        }),
        { numRuns: 50, endOnFailure: true },
      );
      // Every eventId on the purchases topic is unique or carries identical bytes.
      const byId = new Map<string, string>();
      for (const m of h.probe.on(h.topics.bonusPurchases)) {
        const id = m.json<{ eventId: string }>().eventId;
        expect(byId.get(id) ?? m.value).toBe(m.value);
        byId.set(id, m.value!);
      }
      // The reconciliation logs hold exactly what went out (they commit with the outbox rows, so the topics
      // catch up with them): every distinct purchase and decision, with its amount.
      const logs = await readLogs(h.db.url);
      const onTopics = () => ({
        purchases: distinctRows(h.purchases().map((p) => [p.eventId, p.amountCents, p.householdId])),
        decisions: distinctRows(h.decisions().map((d) => [d.eventId, d.amountChangeCents ?? 0, d.decision])),
      });
      await until(
        () => JSON.stringify(onTopics()) === JSON.stringify(logs),
        30_000,
        'the topics to carry everything logged',
      ).catch(() => undefined);
      expect(onTopics()).toEqual(logs);
      expect(logs.purchases.length).toBeGreaterThan(0);
      expect(logs.decisions.length).toBeGreaterThan(50);
    },
    420_000,
  );
});

function hashCode(text: string): number {
  let h = 7;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

type LogRow = [string, number, string];
const distinctRows = (rows: LogRow[]): LogRow[] =>
  [...new Map(rows.map((r) => [r[0], r])).values()].sort((a, b) => (a[0] < b[0] ? -1 : 1));

async function readLogs(url: string): Promise<{ purchases: LogRow[]; decisions: LogRow[] }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const purchases = await client.query<{ event_id: string; amount: number; household_id: string }>(
      `SELECT event_id, amount_cents::int AS amount, household_id FROM bonus.purchase_log`,
    );
    const decisions = await client.query<{ event_id: string; amount: number; decision: string }>(
      `SELECT event_id, amount_change_cents::int AS amount, decision FROM bonus.decision_log`,
    );
    return {
      purchases: distinctRows(purchases.rows.map((r) => [r.event_id, r.amount, r.household_id])),
      decisions: distinctRows(decisions.rows.map((r) => [r.event_id, r.amount, r.decision])),
    };
  } finally {
    await client.end();
  }
}
