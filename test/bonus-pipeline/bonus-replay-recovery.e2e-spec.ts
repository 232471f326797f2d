import { execFile } from 'node:child_process';
import { Client } from 'pg';
import { repoRoot } from '../../tools/infra/repo-root';
import { freePort } from '../../tools/infra/free-port';
import { KafkaProbe, until } from '../support/kafka-probe';
import { startServiceProcess, ServiceProcess } from '../support/service-process';
import { createTestDatabase, TestDatabase, testKafka } from '../support/test-infra';
import { consent, contractChange, creditNote, invoice, InvoiceInput, uid } from './support/bonus-inputs';
import { PipelineHarness, Purchase } from './support/pipeline-harness';

/**
 * Signers with contracts and consents; a third of them revoke half-way; invoices, some with one credit note and
 * some with two (the pair that, before purchase ids named their step, gave one id −1000 in one run and −2000 in
 * another). Everything is shuffled across the three topics. `expected`: the rules, written plainly.
 */
function shuffledWorkload(run: string, customers: number, invoices: number, seed: number) {
  const base = Date.now() - 10 * 86_400_000;
  const revokedAt = base + Math.floor(invoices / 2) * 1000;
  const signers = Array.from({ length: customers }, (_, i) => ({
    customerId: `${run}-C${i}`,
    contractId: `${run}-K${i}`,
    member: String(3_000_000_000 + i),
    household: `${run}-H${i % 20}`,
    revokes: i % 3 === 1,
  }));
  const facts = signers.flatMap((s) => [
    {
      topic: 'contracts' as const,
      value: contractChange({
        contractId: s.contractId,
        signerCustomerId: s.customerId,
        changedAt: new Date(base - 86_400_000).toISOString(),
      }),
    },
    {
      topic: 'consents' as const,
      value: consent({
        customerId: s.customerId,
        memberNumber: s.member,
        householdId: s.household,
        effectiveAt: new Date(base - 3_600_000).toISOString(),
      }),
    },
    ...(s.revokes
      ? [
          {
            topic: 'consents' as const,
            value: consent({
              customerId: s.customerId,
              memberNumber: s.member,
              householdId: s.household,
              effectiveAt: new Date(revokedAt).toISOString(),
              revoked: true,
            }),
          },
        ]
      : []),
  ]);
  const docs: InvoiceInput[] = [];
  const expected = new Map<string, { member: string; cents: number }>();
  for (let n = 0; n < invoices; n++) {
    const s = signers[n % customers];
    const fee = 1000 + ((n * 37) % 4000);
    const issuedAtMs = base + n * 1000;
    const inv = invoice({
      invoiceId: `${run}-INV${n}`,
      customerId: s.customerId,
      contractId: s.contractId,
      issuedAt: new Date(issuedAtMs).toISOString(),
      monthlyFeeCents: fee,
      otherCents: 500,
    });
    docs.push(inv);
    const credits = n % 7 === 2 ? [1000, 1000] : n % 10 === 3 ? [700] : [];
    credits.forEach((c, i) => docs.push(creditNote(inv, c, { invoiceId: `${run}-CN${n}-${i}` })));
    const revoked = s.revokes && issuedAtMs >= revokedAt;
    expected.set(inv.invoiceId, {
      member: s.member,
      cents: revoked ? 0 : Math.max(0, fee - credits.reduce((a, b) => a + b, 0)),
    });
  }
  const items = shuffle([...facts, ...docs.map((value) => ({ topic: 'invoices' as const, value }))], seed);
  return { items, docs, expected };
}
type Workload = ReturnType<typeof shuffledWorkload>;

async function send(h: PipelineHarness, items: Workload['items'], wave = 150): Promise<void> {
  for (let i = 0; i < items.length; i += wave) {
    const slice = items.slice(i, i + wave);
    await h.sendInvoices(slice.filter((x) => x.topic === 'invoices').map((x) => x.value));
    await h.sendContracts(slice.filter((x) => x.topic === 'contracts').map((x) => x.value as never));
    await h.sendConsents(slice.filter((x) => x.topic === 'consents').map((x) => x.value as never));
  }
}

/** What the topic read back says, as S-Group would take it. */
function audit(w: Workload, purchases: Purchase[]) {
  const amountOf = new Map<string, number>();
  let conflictingIds = 0;
  let identicalDuplicates = 0;
  const net = new Map<string, number>();
  for (const p of purchases) {
    const seen = amountOf.get(p.eventId);
    if (seen !== undefined) {
      if (seen === p.amountCents) identicalDuplicates++;
      else conflictingIds++;
      continue;
    }
    amountOf.set(p.eventId, p.amountCents);
    const key = `${p.invoiceId}/${p.memberNumber}`;
    net.set(key, (net.get(key) ?? 0) + p.amountCents);
  }
  const wrongSums: string[] = [];
  for (const [invoiceId, { member, cents }] of w.expected) {
    const got = net.get(`${invoiceId}/${member}`) ?? 0;
    if (got !== cents) wrongSums.push(`${invoiceId}: ${member} holds ${got}, expected ${cents}`);
  }
  for (const [key, cents] of net) {
    const [invoiceId, member] = key.split('/');
    if (cents !== 0 && w.expected.get(invoiceId)?.member !== member) wrongSums.push(`${key} holds ${cents}`);
  }
  return { conflictingIds, identicalDuplicates, wrongSums, distinct: amountOf.size };
}

async function recoveryMode(url: string): Promise<string | undefined> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client
      .query(`SELECT mode FROM bonus.recovery`)
      .catch(() => ({ rows: [] as { mode: string }[] }));
    return rows[0]?.mode;
  } finally {
    await client.end();
  }
}

// Compiled processes (`npm run build` first), so one can be SIGKILLed with committed rows still in its outbox.
describe('bonus pipeline replay and recovery (compiled processes, real Kafka + PostgreSQL)', () => {
  const processes: ServiceProcess[] = [];
  const databases: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
    await Promise.all(databases.splice(0).map((d) => d.drop().catch(() => undefined)));
  });

  async function start(h: PipelineHarness, extra: Record<string, string> = {}): Promise<ServiceProcess> {
    const port = await freePort();
    const p = startServiceProcess('bonus-pipeline', { ...h.env, HTTP_PORT: String(port), LOG_LEVEL: 'warn', ...extra });
    processes.push(p);
    await p.waitUntilReady(port);
    return p;
  }

  it(
    'the bonus schema lost mid-stream (SIGKILL, schema dropped, restart from the topics\u2019 start): ' +
      'no id with two amounts, sums exact, nothing sent twice',
    async () => {
      const h = await PipelineHarness.create();
      try {
        const w = shuffledWorkload(uid('lost'), 60, 900, 7);
        let p = await start(h, { BONUS_MAX_BATCH_SIZE: '200' });
        const half = Math.floor(w.items.length * 0.6);
        await send(h, w.items.slice(0, half));
        await until(
          () => h.purchases().length >= 100,
          120_000,
          () =>
            `100 purchases before the loss (${h.purchases().length}; ${h.decisions().length} decisions; ` +
            `${h
              .deadLetters()
              .map((d) => d.value)
              .slice(0, 2)
              .join(' ')}) ${p.output().slice(-2000)}`,
          20,
        );
        p.child.kill('SIGKILL');
        await p.exited;
        const client = new Client({ connectionString: h.db.url });
        await client.connect();
        await client.query('DROP SCHEMA bonus CASCADE');
        await client.end();
        const carriedBefore = h.purchases().length;
        p = await start(h, { BONUS_MAX_BATCH_SIZE: '1' });
        await send(h, w.items.slice(half));
        await until(
          async () => (await recoveryMode(h.db.url)) === 'live',
          240_000,
          () => `the recovery to reconcile ${p.output().slice(-2000)}`,
          250,
        );
        await until(
          () => audit(w, h.purchases()).wrongSums.length === 0,
          120_000,
          () =>
            `sums to match the rules: ${audit(w, h.purchases()).wrongSums.slice(0, 5).join('; ')} ` +
            p.output().slice(-2000),
          250,
        );
        await h.quiesce(1500);
        const result = audit(w, h.purchases());
        process.stdout.write(
          `replay after schema loss: ${carriedBefore} purchases before, ${h.purchases().length} after; ` +
            `${JSON.stringify({ ...result, wrongSums: result.wrongSums.length })}\n`,
        );
        expect(result.wrongSums).toEqual([]);
        expect(result.conflictingIds).toBe(0);
        expect(result.identicalDuplicates).toBe(0);
        // The purchase log was rebuilt from the topic and extended by what was sent since: one row per purchase.
        const log = new Client({ connectionString: h.db.url });
        await log.connect();
        const { rows } = await log.query<{ n: number; ids: number; cents: string }>(
          `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS ids, sum(amount_cents) AS cents
           FROM bonus.purchase_log`,
        );
        await log.end();
        const topicCents = [...new Map(h.purchases().map((x) => [x.eventId, x.amountCents])).values()].reduce(
          (a, b) => a + b,
          0,
        );
        expect(rows[0]).toEqual({ n: result.distinct, ids: result.distinct, cents: String(topicCents) });
      } finally {
        await h.close();
      }
    },
    420_000,
  );

  it(
    'after a full live run, a fresh database replaying from the start (batches of 1, then the default) ' +
      'sends nothing the topic carries; an independent run without recovery gives no id another amount',
    async () => {
      const h = await PipelineHarness.create();
      try {
        const w = shuffledWorkload(uid('fresh'), 40, 500, 11);
        const live = await start(h, { BONUS_MAX_BATCH_SIZE: '300' });
        await send(h, w.items);
        await until(() => audit(w, h.purchases()).wrongSums.length === 0, 120_000, 'the live run to be exact', 250);
        await h.quiesce(1500);
        await live.stop('SIGTERM');
        const carried = h.purchases().length;
        for (const batchSize of ['1', '5000']) {
          const db = await createTestDatabase('bpreplay');
          databases.push(db);
          const replay = await start(h, {
            DATABASE_URL: db.url,
            BONUS_MAX_BATCH_SIZE: batchSize,
            KAFKA_GROUP_ID: uid('replay'),
          });
          await until(async () => (await recoveryMode(db.url)) === 'live', 240_000, 'the replay to reconcile', 250);
          await h.quiesce(1500);
          expect(h.purchases().length).toBe(carried);
          await replay.stop('SIGTERM');
        }
        expect(audit(w, h.purchases())).toMatchObject({ wrongSums: [], conflictingIds: 0, identicalDuplicates: 0 });

        // Without recovery, into another topic: batches cut differently, yet a shared id always has one amount.
        const other = `${h.topics.bonusPurchases}.independent`;
        const probe = new KafkaProbe(testKafka('bonus-probe-independent'));
        try {
          await probe.createTopics([other], 3);
          await probe.watch([other]);
          const db = await createTestDatabase('bpindep');
          databases.push(db);
          const indep = await start(h, {
            DATABASE_URL: db.url,
            KAFKA_GROUP_ID: uid('indep'),
            BONUS_RECOVERY: 'off',
            BONUS_MAX_BATCH_SIZE: '7',
            TOPIC_BONUS_PURCHASES: other,
          });
          const independent = () => probe.on(other).map((m) => m.json<Purchase>());
          await until(
            () => audit(w, independent()).wrongSums.length === 0,
            180_000,
            () =>
              `the independent run to be exact: ${independent().length} purchases; ` +
              `${audit(w, independent()).wrongSums.slice(0, 3).join('; ')} ${indep.output().slice(-1500)}` +
              JSON.stringify(
                independent().filter((p) => audit(w, independent()).wrongSums[0]?.startsWith(p.invoiceId + ':')),
              ) +
              JSON.stringify(
                h
                  .decisions()
                  .filter((d) =>
                    audit(w, independent()).wrongSums[0]?.startsWith((d.creditedInvoiceId ?? d.invoiceId) + ':'),
                  ),
              ),
            250,
          );
          const amountOf = new Map(h.purchases().map((p) => [p.eventId, p.amountCents]));
          const shared = independent().filter((p) => amountOf.has(p.eventId));
          process.stdout.write(
            `fresh replays: ${carried} purchases carried, none added; independent run: ${independent().length} ` +
              `purchases, ${shared.length} ids shared with the live run\n`,
          );
          expect(shared.filter((p) => amountOf.get(p.eventId) !== p.amountCents)).toEqual([]);
        } finally {
          await probe.close();
        }

        // npm run replay --dry-run: with no pipeline running, two new invoices are what S-Group is missing.
        const signer = w.docs[0];
        const fresh = [0, 1].map((n) =>
          invoice({
            invoiceId: `${signer.invoiceId}-late${n}`,
            customerId: signer.customerId,
            contractId: signer.contractId,
            issuedAt: signer.issuedAt,
            monthlyFeeCents: 1234,
            otherCents: 0,
          }),
        );
        await h.sendInvoices(fresh);
        const purchasesBefore = h.purchases().length;
        const out = await runReplayTool(['--dry-run', '--progress-every', '1'], h.env);
        expect(out).toMatch(/would send to S-Group\s+2 event\(s\): 2 missing \(Recorded, \+2468 cents\)/);
        expect(out).toContain(`${signer.invoiceId}-late0`);
        expect(out).toMatch(/records\/s, lag 0, ETA 0 s/);
        await h.quiesce(1500);
        expect(h.purchases().length).toBe(purchasesBefore); // a dry run sends nothing
      } finally {
        await h.close();
      }
    },
    600_000,
  );
});

/** The compiled `npm run replay` (npm run build first), as an operator runs it; resolves with what it printed. */
function runReplayTool(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-r', './dist/libs/platform/src/runtime/register-aliases.js', 'dist/tools/replay/main.js', ...args],
      { cwd: repoRoot(), env: { ...process.env, ...env }, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
    );
  });
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
