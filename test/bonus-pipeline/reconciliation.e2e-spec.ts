import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReconciliationReport } from '../../tools/ops/reconciliation-report';
import { helsinkiMonth, helsinkiMonthOf } from '../../apps/bonus-pipeline/src/reconciliation/helsinki-month';
import { consent, contractChange, creditNote, invoice, memberNumber, uid } from './support/bonus-inputs';
import { PipelineHarness, Purchase } from './support/pipeline-harness';
import { Client } from 'pg';
import { asOps, testOps } from '../support/test-infra';

/** March 2026 in Helsinki: +02:00 until the clocks go forward on the 29th, +03:00 after. */
const MARCH = helsinkiMonth(2026, 3);

interface Report {
  month: string;
  from: string;
  to: string;
  households: Record<string, number | string>[];
  total: Record<string, number>;
  decisions: { decision: string; reason: string | null; correction: boolean; count: number }[];
  deadLetters: { errorCode: string; count: number }[];
  partner: {
    members: { householdId: string; memberNumber: string; netCents: number; events: number }[];
    events: number;
    netCents: number;
    eventIdsSha256: string;
  };
  checks: Record<string, boolean>;
}

/** A signer with a contract since January and, unless told otherwise, a consent since January. */
function world(opts: { consented?: boolean; signer?: string } = {}) {
  const w = { customerId: uid('C'), contractId: uid('K'), member: memberNumber(), household: uid('H') };
  const contract = contractChange({
    contractId: w.contractId,
    signerCustomerId: opts.signer ?? w.customerId,
    changedAt: '2026-01-01T00:00:00Z',
  });
  const granted = consent({
    customerId: w.customerId,
    memberNumber: w.member,
    householdId: w.household,
    effectiveAt: '2026-01-01T00:00:00Z',
  });
  return { ...w, contract, consents: opts.consented === false ? [] : [granted] };
}

/** What S-Group received for a month, from the topic: distinct eventIds with purchasedAt in the month. */
function receivedIn(purchases: Purchase[], month: { start: Date; end: Date }) {
  const byId = new Map<string, Purchase>();
  for (const p of purchases) {
    const at = new Date(p.purchasedAt).getTime();
    if (at >= month.start.getTime() && at < month.end.getTime()) byId.set(p.eventId, p);
  }
  const net: Record<string, number> = {};
  for (const p of byId.values()) net[p.householdId] = (net[p.householdId] ?? 0) + p.amountCents;
  const ids = [...byId.keys()].sort();
  const sha256 = createHash('sha256').update(ids.join('\n')).digest('hex');
  return { net, total: Object.values(net).reduce((a, b) => a + b, 0), events: ids.length, sha256, byId };
}

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = text.trimEnd().split('\r\n');
  const columns = header.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [columns[i], v])));
}

describe('monthly reconciliation and invoice explanation (real Kafka + PostgreSQL)', () => {
  let h: PipelineHarness;
  let url: string;
  const a = world();
  const b = world();
  const c = world({ consented: false });
  const d = world({ signer: uid('C-signer') });
  // Just inside March at both ends (Helsinki midnight; 23:59:59 at +03:00 after the clocks went forward),
  // and just outside (23:59:59 on 28 February; midnight of 1 April, which is still 31 March in UTC).
  const aFirst = invoice({ customerId: a.customerId, contractId: a.contractId, issuedAt: '2026-02-28T22:00:00Z' });
  const aLast = invoice({
    customerId: a.customerId,
    contractId: a.contractId,
    issuedAt: '2026-03-31T20:59:59Z',
    monthlyFeeCents: 3000,
  });
  const aFebruary = invoice({ customerId: a.customerId, contractId: a.contractId, issuedAt: '2026-02-28T21:59:59Z' });
  const aApril = invoice({
    customerId: a.customerId,
    contractId: a.contractId,
    issuedAt: '2026-03-31T21:00:00Z',
    monthlyFeeCents: 3000,
  });
  const aDuplicate = { ...aFirst, eventId: uid('e-dup') };
  const bMarch = invoice({ customerId: b.customerId, contractId: b.contractId, issuedAt: '2026-03-15T10:00:00Z' });
  const bFebruary = invoice({ customerId: b.customerId, contractId: b.contractId, issuedAt: '2026-02-10T10:00:00Z' });
  // Credit notes count in the month of the invoice they credit, whatever their own issuedAt.
  const bMarchCredit = creditNote(bMarch, 1000, { issuedAt: '2026-04-05T09:00:00Z' });
  const bFebruaryCredit = creditNote(bFebruary, 4990, { issuedAt: '2026-03-05T09:00:00Z' });
  // A credit note for an invoice that never arrives counts in its own month (INVOICE_UNKNOWN changes nothing).
  const neverSent = invoice({ customerId: b.customerId, contractId: b.contractId, issuedAt: '2026-01-20T10:00:00Z' });
  const orphanCredit = creditNote(neverSent, 500, { issuedAt: '2026-03-20T10:00:00Z' });
  const cMarch = invoice({ customerId: c.customerId, contractId: c.contractId, issuedAt: '2026-03-10T10:00:00Z' });
  const dMarch = invoice({ customerId: d.customerId, contractId: d.contractId, issuedAt: '2026-03-12T10:00:00Z' });
  const cLateConsent = consent({
    customerId: c.customerId,
    memberNumber: c.member,
    householdId: c.household,
    effectiveAt: '2026-02-15T00:00:00Z',
  });

  beforeAll(async () => {
    h = await PipelineHarness.create();
    const app = await h.startInProcess();
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const facts = [a, b, c, d];
    await h.sendContracts(facts.map((w) => w.contract));
    await h.sendConsents(facts.flatMap((w) => w.consents));
    await h.waitForAbsorbed(facts.flatMap((w) => [w.contract.eventId, ...w.consents.map((x) => x.eventId)]));
    const invoices = [aFirst, aLast, aFebruary, aApril, bMarch, bFebruary, cMarch, dMarch];
    await h.sendInvoices(invoices);
    await h.waitForDecisions(invoices.map((i) => i.eventId));
    await h.sendInvoices([aDuplicate, bMarchCredit, bFebruaryCredit, orphanCredit]);
    await h.probe.send(h.topics.invoices, [{ key: 'broken', value: '{"eventId": "e-broken", ' }]);
    await h.sendConsents([cLateConsent]);
    await h.waitForDecisions([aDuplicate.eventId, bMarchCredit.eventId, bFebruaryCredit.eventId, orphanCredit.eventId]);
    await h.waitForCorrection(cMarch.invoiceId, cLateConsent.eventId);
    await h.waitForNet(cMarch.invoiceId, { [c.member]: 4990 });
    await h.waitForNet(bMarch.invoiceId, { [b.member]: 3990 });
    await h.waitForNet(bFebruary.invoiceId, {});
    await h.quiesce(800);
    expect(h.deadLetters()).toHaveLength(1);
  }, 180_000);
  afterAll(() => h?.close());

  const getReport = async (month: string): Promise<Report> => {
    const response = await fetch(`${url}/v1/reconciliation?month=${month}`, asOps());
    expect(response.status).toBe(200);
    return (await response.json()) as Report;
  };

  it('nets per household and in total what S-Group received with purchasedAt in the (Helsinki) month', async () => {
    const report = await getReport('2026-03');
    expect([report.from, report.to]).toEqual([MARCH.start.toISOString(), MARCH.end.toISOString()]);
    const received = receivedIn(h.purchases(), MARCH);
    const withEvents = report.households.filter((x) => Number(x.events) > 0);
    const net = Object.fromEntries(withEvents.map((x) => [x.householdId, x.netCents]));
    expect(net).toEqual(received.net);
    // Independently of the topic: inside March only aFirst + aLast, bMarch less its April credit, cMarch (corrected).
    expect(net).toEqual({ [a.household]: 4990 + 3000, [b.household]: 3990, [c.household]: 4990 });
    expect(report.total.netCents).toBe(received.total);
    expect(report.partner).toMatchObject({ events: received.events, eventIdsSha256: received.sha256 });
    expect(report.partner.members).toEqual(
      [a, b, c]
        .map((w) => ({
          householdId: w.household,
          memberNumber: w.member,
          netCents: net[w.household],
          events: [...received.byId.values()].filter((p) => p.memberNumber === w.member).length,
        }))
        .sort((x, y) => (x.householdId < y.householdId ? -1 : 1)),
    );
    expect(report.total).toMatchObject({
      invoicesSeen: 5,
      creditNotesSeen: 2,
      recordedCount: 4,
      reversedCount: 1,
      reversedCents: -1000,
      correctionEvents: 1,
      correctionCents: 4990,
      eligibleCents: 16970,
      decisionsNetCents: 16970,
      deadLetters: 0,
    });
    expect(report.checks).toEqual({ eligibleEqualsSent: true, decisionsEqualSent: true });
    const count = (decision: string, reason: string | null, correction = false) =>
      report.decisions.find((x) => x.decision === decision && x.reason === reason && x.correction === correction)
        ?.count;
    expect(count('BONUS_RECORDED', null)).toBe(3);
    expect(count('BONUS_RECORDED', null, true)).toBe(1);
    expect(count('BONUS_REVERSED', null)).toBe(1);
    expect(count('NOT_ELIGIBLE', 'NOT_REGISTERED')).toBe(1);
    expect(count('NOT_ELIGIBLE', 'PAYER_NOT_SIGNER')).toBe(1);
    expect(count('DUPLICATE', null)).toBe(1);
    expect(count('NOT_ELIGIBLE', 'INVOICE_UNKNOWN')).toBe(1);
  });

  it('gives each household its invoices seen and decisions, by the payer’s household at issuedAt', async () => {
    const report = await getReport('2026-03');
    const of = (household: string) => {
      const x = report.households.find((y) => y.householdId === household) as unknown as {
        invoicesSeen: number;
        creditNotesSeen: number;
        decisions: Report['decisions'];
      };
      const decisions = x.decisions.map((y) => [y.decision, y.reason, y.correction, y.count]);
      return { invoicesSeen: x.invoicesSeen, creditNotesSeen: x.creditNotesSeen, decisions };
    };
    // aDuplicate repeats aFirst's invoiceId: seen once, decided twice.
    expect(of(a.household)).toEqual({
      invoicesSeen: 2,
      creditNotesSeen: 0,
      decisions: [
        ['BONUS_RECORDED', null, false, 2],
        ['DUPLICATE', null, false, 1],
      ],
    });
    // bMarch's April credit note, and the orphan credit note (its own month), are b's payer's.
    expect(of(b.household)).toEqual({
      invoicesSeen: 1,
      creditNotesSeen: 2,
      decisions: [
        ['BONUS_RECORDED', null, false, 1],
        ['BONUS_REVERSED', null, false, 1],
        ['NOT_ELIGIBLE', 'INVOICE_UNKNOWN', false, 1],
      ],
    });
    // c's consent arrived late but is effective before issuedAt: both decisions are its household's.
    expect(of(c.household)).toEqual({
      invoicesSeen: 1,
      creditNotesSeen: 0,
      decisions: [
        ['BONUS_RECORDED', null, true, 1],
        ['NOT_ELIGIBLE', 'NOT_REGISTERED', false, 1],
      ],
    });
    expect(of(d.household)).toMatchObject({
      invoicesSeen: 1,
      decisions: [['NOT_ELIGIBLE', 'PAYER_NOT_SIGNER', false, 1]],
    });
    expect(report.households.find((x) => x.householdId === d.household)).toMatchObject({ events: 0, eligibleCents: 0 });
    const perHousehold = report.households.reduce((n, x) => n + Number(x.invoicesSeen), 0);
    expect(perHousehold).toBe(report.total.invoicesSeen);
  });

  it('eligible comes from decisions: a purchase without a decision, or a lost one, fails the check', async () => {
    // A month no other case uses, written straight into the logs: what a lost or stray event would leave.
    const db = new Client({ connectionString: h.db.url });
    await db.connect();
    try {
      const household = uid('H-stray');
      const strayInvoice = uid('INV-stray');
      await insertLogBatch(db, {
        purchases: [
          {
            eventId: uid('p'),
            eventType: 'BonusPurchaseRecorded',
            invoiceId: strayInvoice,
            memberNumber: '9999999999',
            householdId: household,
            amountCents: 1234,
            purchasedAt: '2025-06-10T10:00:00Z',
            sourceEventId: uid('e'),
          },
        ],
        invoiceIds: [strayInvoice],
      });
      const stray = await getReport('2025-06');
      expect(stray.households).toEqual([
        expect.objectContaining({ householdId: household, eligibleCents: 0, netCents: 1234 }),
      ]);
      expect(stray.checks.eligibleEqualsSent).toBe(false);

      // A decision of 4990 for a's payer (consented since January 2026) whose purchase never went out, and one for a
      // payer who never consented: grouped under no household.
      const [lostInvoice, noneInvoice] = [uid('INV-lost'), uid('INV-none')];
      const decided = { correction: false, sourceEventId: uid('e'), decidedAt: new Date().toISOString() };
      await insertLogBatch(db, {
        decisions: [
          {
            ...decided,
            eventId: uid('d'),
            invoiceId: lostInvoice,
            customerId: a.customerId,
            decision: 'BONUS_RECORDED',
          },
          {
            ...decided,
            eventId: uid('d'),
            invoiceId: noneInvoice,
            customerId: uid('C-none'),
            decision: 'NOT_ELIGIBLE',
          },
        ].map((d, i) => ({ ...d, reason: i === 0 ? null : 'NOT_REGISTERED', eligibleAmountCents: i === 0 ? 4990 : 0 })),
        issuedAt: ['2026-07-10T10:00:00Z', '2026-07-11T10:00:00Z'],
        invoiceIds: [lostInvoice, noneInvoice],
      });
      const lost = await getReport('2026-07');
      expect(lost.households).toEqual([
        expect.objectContaining({ householdId: a.household, eligibleCents: 4990, netCents: 0, invoicesSeen: 1 }),
        expect.objectContaining({
          householdId: null,
          eligibleCents: 0,
          netCents: 0,
          invoicesSeen: 1,
          decisions: [{ decision: 'NOT_ELIGIBLE', reason: 'NOT_REGISTERED', correction: false, count: 1 }],
        }),
      ]);
      expect(lost.checks.eligibleEqualsSent).toBe(false);
      const csv = await fetch(`${url}/v1/reconciliation.csv?month=2026-07`, asOps());
      expect(parseCsv(await csv.text()).map((r) => [r.row_type, r.household_id, r.invoices_seen])).toEqual([
        ['household', a.household, '1'],
        ['no_household', '', '1'],
        ['total', '', '2'],
      ]);
    } finally {
      await db.end();
    }
  });

  it('puts invoices just outside March, and a credit note issued in March for February, in their months', async () => {
    const february = await getReport('2026-02');
    const net = Object.fromEntries(february.households.map((x) => [x.householdId, x.netCents]));
    expect(net).toEqual({ [a.household]: 4990, [b.household]: 0 });
    expect(net).toEqual(receivedIn(h.purchases(), helsinkiMonth(2026, 2)).net);
    const april = await getReport('2026-04');
    expect(april.households.map((x) => [x.householdId, x.netCents])).toEqual([[a.household, 3000]]);
  });

  it('counts the dead letter in the month it was rejected', async () => {
    const now = helsinkiMonthOf(new Date());
    const current = await getReport(now);
    expect(current.total.deadLetters).toBe(1);
    expect(current.deadLetters).toEqual([{ errorCode: 'MALFORMED_JSON', count: 1 }]);
  });

  it('the CSV has one row per household and a total row with the same figures as the JSON', async () => {
    const report = await getReport('2026-03');
    const response = await fetch(`${url}/v1/reconciliation.csv?month=2026-03`, asOps());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="reconciliation-2026-03.csv"');
    const rows = parseCsv(await response.text());
    const figures = (f: Record<string, number | string>) => ({
      members: String(f.members),
      invoices: String(f.invoices),
      eligible_cents: String(f.eligibleCents),
      recorded_count: String(f.recordedCount),
      recorded_cents: String(f.recordedCents),
      reversed_count: String(f.reversedCount),
      reversed_cents: String(f.reversedCents),
      net_cents: String(f.netCents),
      events: String(f.events),
      correction_events: String(f.correctionEvents),
      correction_cents: String(f.correctionCents),
      invoices_seen: String(f.invoicesSeen),
      credit_notes_seen: String(f.creditNotesSeen),
    });
    expect(rows).toEqual([
      ...report.households.map((x) => ({
        row_type: 'household',
        month: '2026-03',
        household_id: x.householdId,
        ...figures(x),
      })),
      { row_type: 'total', month: '2026-03', household_id: '', ...figures(report.total) },
    ]);
  });

  it('npm run report writes the same report and ends with a table of figures', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recon-'));
    const lines: string[] = [];
    try {
      const io = { log: (l: string) => lines.push(l), write: () => undefined, fetch };
      const env = { PIPELINE_URL: url, OPS_TOKEN: testOps.viewer.token };
      const out = join(dir, 'march.csv');
      expect(await runReconciliationReport(['--month', '2026-03', '--format', 'csv', '--out', out], env, io)).toBe(0);
      const csv = await (await fetch(`${url}/v1/reconciliation.csv?month=2026-03`, asOps())).text();
      expect(await readFile(out, 'utf8')).toBe(csv);
      expect(lines.join('\n')).toMatch(/net cents sent to S-Group\s+16970/);
      expect(await runReconciliationReport(['--month', '2026-03'], { PIPELINE_URL: url }, io)).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers 401 without an ops token and 400 naming month when it is malformed', async () => {
    for (const path of [
      '/v1/reconciliation?month=2026-03',
      '/v1/reconciliation.csv?month=2026-03',
      `/v1/invoices/${cMarch.invoiceId}/explanation`,
    ]) {
      const anonymous = await fetch(`${url}${path}`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    }
    for (const bad of ['2026-3', '2026-13', '', 'march']) {
      for (const path of ['/v1/reconciliation', '/v1/reconciliation.csv']) {
        const response = await fetch(`${url}${path}?month=${bad}`, asOps());
        expect(response.status).toBe(400);
        expect(((await response.json()) as { fields: { field: string }[] }).fields).toEqual([
          expect.objectContaining({ field: 'month' }),
        ]);
      }
    }
    expect((await fetch(`${url}/v1/reconciliation`, asOps())).status).toBe(400);
  });

  it('explains a corrected invoice: as stored, the facts at its issuedAt, both decisions, the correction', async () => {
    const response = await fetch(`${url}/v1/invoices/${cMarch.invoiceId}/explanation`, asOps());
    expect(response.status).toBe(200);
    const x = (await response.json()) as Record<string, unknown> & {
      decisions: Record<string, unknown>[];
      purchases: Record<string, unknown>[];
      corrections: { decision: Record<string, unknown>; purchases: Record<string, unknown>[] }[];
    };
    expect(x.asked).toMatchObject({
      invoiceId: cMarch.invoiceId,
      kind: 'invoice',
      payerCustomerId: c.customerId,
      contractId: c.contractId,
      issuedAt: '2026-03-10T10:00:00.000Z',
      monthlyFeeCents: 4990,
    });
    expect(x.contract).toMatchObject({ status: 'ACTIVE', signerCustomerId: c.customerId, payerIsSigner: true });
    expect(x.consent).toMatchObject({
      state: 'active',
      memberNumber: c.member,
      householdId: c.household,
      grantEventId: cLateConsent.eventId,
      grantedEffectiveAt: '2026-02-15T00:00:00.000Z',
    });
    expect(x.verdictNow).toMatchObject({ eligible: true, amountCents: 4990, memberNumber: c.member });
    expect(x.decisions.map((dd) => [dd.decision, dd.reason, dd.correction])).toEqual([
      ['NOT_ELIGIBLE', 'NOT_REGISTERED', false],
      ['BONUS_RECORDED', null, true],
    ]);
    expect(x.purchases).toEqual([
      expect.objectContaining({
        eventType: 'BonusPurchaseRecorded',
        memberNumber: c.member,
        amountCents: 4990,
        correction: true,
        sourceEventId: cLateConsent.eventId,
        purchasedAt: '2026-03-10T10:00:00.000Z',
      }),
    ]);
    expect(x.corrections).toHaveLength(1);
    expect(x.corrections[0].decision).toMatchObject({ causeEventId: cLateConsent.eventId, amountChangeCents: 4990 });
    expect(x.corrections[0].purchases).toHaveLength(1);
    expect(x.netByMember).toEqual([{ memberNumber: c.member, householdId: c.household, netCents: 4990 }]);
  });

  it('explains a credit note through the invoice it credits, and answers 404 for an unknown invoice', async () => {
    const response = await fetch(`${url}/v1/invoices/${bMarchCredit.invoiceId}/explanation`, asOps());
    expect(response.status).toBe(200);
    const x = (await response.json()) as {
      asked: { kind: string; creditedInvoiceId: string };
      invoice: { invoiceId: string };
      creditNotes: { invoiceId: string }[];
      decisions: { decision: string; invoiceId: string }[];
      purchases: { eventType: string; amountCents: number }[];
    };
    expect(x.asked).toMatchObject({ kind: 'credit_note', creditedInvoiceId: bMarch.invoiceId });
    expect(x.invoice.invoiceId).toBe(bMarch.invoiceId);
    expect(x.creditNotes.map((n) => n.invoiceId)).toEqual([bMarchCredit.invoiceId]);
    expect(x.decisions.map((dd) => [dd.decision, dd.invoiceId])).toEqual([
      ['BONUS_RECORDED', bMarch.invoiceId],
      ['BONUS_REVERSED', bMarchCredit.invoiceId],
    ]);
    expect(x.purchases.map((p) => [p.eventType, p.amountCents])).toEqual([
      ['BonusPurchaseRecorded', 4990],
      ['BonusPurchaseReversed', -1000],
    ]);
    expect((await fetch(`${url}/v1/invoices/INV-never-sent/explanation`, asOps())).status).toBe(404);
  });

  it('answers 400 naming invoiceId for an id the invoice contract could never carry', async () => {
    for (const bad of ['x'.repeat(129), encodeURIComponent(' INV-1'), encodeURIComponent('INV-ä')]) {
      const response = await fetch(`${url}/v1/invoices/${bad}/explanation`, asOps());
      const body = (await response.json()) as { fields: { field: string; rule: string }[] };
      expect([response.status, body.fields]).toEqual([400, [expect.objectContaining({ field: 'invoiceId' })]]);
    }
  });
});

/**
 * A row of the decision and purchase log written straight into it (what a lost or stray event would leave), in the
 * shape the pipeline writes (migration 1764900000000): the events' JSON, per decision its issuedAt, the bounds.
 */
async function insertLogBatch(
  db: Client,
  batch: {
    decisions?: object[];
    issuedAt?: string[];
    purchases?: ({ purchasedAt: string } & Record<string, unknown>)[];
    invoiceIds: string[];
  },
): Promise<void> {
  const purchasedAt = (batch.purchases ?? []).map((p) => p.purchasedAt).sort();
  await db.query(
    `INSERT INTO bonus.log_batches (decisions, issued_at, min_issued_at, max_issued_at, purchases, min_purchased_at,
       max_purchased_at, invoice_ids)
     SELECT $1, $2::timestamptz[], (SELECT min(v) FROM unnest($2::timestamptz[]) v),
       (SELECT max(v) FROM unnest($2::timestamptz[]) v), $3, $4, $5, $6`,
    [
      JSON.stringify(batch.decisions ?? []),
      batch.issuedAt ?? [],
      JSON.stringify(batch.purchases ?? []),
      purchasedAt[0] ?? null,
      purchasedAt.at(-1) ?? null,
      batch.invoiceIds,
    ],
  );
}
