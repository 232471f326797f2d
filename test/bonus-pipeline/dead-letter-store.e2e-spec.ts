import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { consent, contractChange, invoice, memberNumber, uid } from './support/bonus-inputs';
import { PipelineHarness } from './support/pipeline-harness';
import { until } from '../support/kafka-probe';
import { asOps, testOps } from '../support/test-infra';
import { repoRoot } from '../../tools/infra/repo-root';

const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY).toISOString();

interface Letter {
  eventId: string;
  sourceOffset: string;
  sourcePartition: number;
  errorCode: string;
  rawValueSha256: string;
  rawValueTruncated: boolean;
}
interface Item {
  id: string;
  sourceTopic: string;
  sourceKey: string | null;
  code: string;
  message: string;
  recordedAt: string;
  redriveCount: number;
  lastRedrive: { at: string; by: string; outcome: string } | null;
}
interface Page {
  items: Item[];
  next: string | null;
}
interface Detail extends Item {
  rawValue: string | null;
  rawValueEncoding: string | null;
  rawValueBytes: number;
  rawValueSha256: string;
  redrives: { by: string; outcome: string; code: string | null; message: string | null }[];
}
interface Results {
  results: { id: string; outcome: string; code?: string; message?: string }[];
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Dead letters kept whole in PostgreSQL: listed, shown byte for byte, re-driven through the decide path. */
describe('dead-letter store and re-drive (real Kafka + PostgreSQL)', () => {
  let h: PipelineHarness;
  let url: string;
  let db: Client;

  const get = async <T>(path: string, role: 'viewer' | 'operator' = 'viewer') => {
    const res = await fetch(`${url}${path}`, asOps(role));
    return { status: res.status, body: (await res.json()) as T };
  };
  const post = async <T>(path: string, body: unknown, role: 'viewer' | 'operator' | null = 'operator') => {
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const res = await fetch(`${url}${path}`, role === null ? init : asOps(role, init));
    return { status: res.status, body: (await res.json()) as T };
  };
  /** The dead letter published for the record whose value hashes to `sha`, once it arrived. */
  const publishedLetter = async (sha: string): Promise<Letter> => {
    const find = () =>
      h
        .deadLetters()
        .find((m) => m.json<Letter>().rawValueSha256 === sha)
        ?.json<Letter>();
    await until(() => find() !== undefined, 60_000, `a dead letter for value ${sha.slice(0, 8)}`);
    return find()!;
  };
  const lettersAt = (letter: Letter) =>
    h.deadLetters().filter((m) => {
      const l = m.json<Letter>();
      return l.sourcePartition === letter.sourcePartition && l.sourceOffset === letter.sourceOffset;
    });

  beforeAll(async () => {
    h = await PipelineHarness.create();
    const app = await h.startInProcess();
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    db = new Client({ connectionString: h.db.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await h?.close();
  });

  it('keeps the exact bytes of a large non-UTF-8 invoice the published letter cut; lists it by filter', async () => {
    const since = new Date().toISOString();
    const bytes = Buffer.concat([
      Buffer.from('{"eventId":"'),
      Buffer.alloc(600_000, 'x'),
      Buffer.from([0xff, 0, 0x80]),
    ]);
    await h.probe.send(h.topics.invoices, [{ key: Buffer.from([0x01, 0xfe]), value: bytes }]);
    const published = await publishedLetter(sha256(bytes));
    expect(published.rawValueTruncated).toBe(true);

    const page = await get<Page>(`/v1/dead-letters?sourceTopic=${h.topics.invoices}&code=INVALID_UTF8&since=${since}`);
    expect(page.status).toBe(200);
    expect(page.body.items).toEqual([
      expect.objectContaining({
        id: published.eventId,
        sourceTopic: h.topics.invoices,
        sourceKey: Buffer.from([0x01, 0xfe]).toString('base64'),
        code: 'INVALID_UTF8',
        redriveCount: 0,
        lastRedrive: null,
      }),
    ]);
    const otherCode = await get<Page>(`/v1/dead-letters?code=MALFORMED_JSON&since=${since}`);
    expect(otherCode.body.items.map((i) => i.id)).not.toContain(published.eventId);
    const later = await get<Page>(`/v1/dead-letters?since=${new Date(Date.now() + DAY).toISOString()}`);
    expect(later.body.items).toEqual([]);

    const detail = await get<Detail>(`/v1/dead-letters/${published.eventId}`);
    expect(detail.body).toMatchObject({ rawValueEncoding: 'base64', rawValueBytes: bytes.length });
    expect(Buffer.from(detail.body.rawValue!, 'base64').equals(bytes)).toBe(true);
    expect(detail.body.rawValueSha256).toBe(sha256(bytes));
  });

  it('pages newest first with a cursor, and answers 400 naming each query parameter at fault', async () => {
    const since = new Date().toISOString();
    const values = [1, 2, 3].map((i) => Buffer.from(`{"page-test": ${i}`));
    for (const value of values) await h.probe.send(h.topics.invoices, [{ key: 'page', value }]);
    const ids = [];
    for (const value of values) ids.push((await publishedLetter(sha256(value))).eventId);

    const first = await get<Page>(`/v1/dead-letters?code=MALFORMED_JSON&since=${since}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.next).not.toBeNull();
    const second = await get<Page>(
      `/v1/dead-letters?code=MALFORMED_JSON&since=${since}&limit=2&before=${first.body.next}`,
    );
    expect(second.body.next).toBeNull();
    const listed = [...first.body.items, ...second.body.items];
    expect(listed.map((i) => i.id).sort()).toEqual([...ids].sort());
    const times = listed.map((i) => i.recordedAt);
    expect([...times].sort().reverse()).toEqual(times);

    const bad = await get<{ fields: { field: string; rule: string }[] }>(
      '/v1/dead-letters?limit=0&code=NOPE&since=yesterday&before=zz&colour=red',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f) => [f.field, f.rule]).sort()).toEqual([
      ['before', 'cursor'],
      ['code', 'isIn'],
      ['colour', 'known'],
      ['limit', 'range'],
      ['since', 'instantWithZone'],
    ]);
    expect((await fetch(`${url}/v1/dead-letters`)).status).toBe(401);
    expect((await get('/v1/dead-letters/dl-0123')).status).toBe(400);
    expect((await get(`/v1/dead-letters/dl-${'0'.repeat(32)}`)).status).toBe(404);
  });

  it('re-drives a letter whose cause was fixed: DECIDED, one purchase; a still-bad one is DEAD_AGAIN', async () => {
    const w = { customerId: uid('C'), contractId: uid('K'), member: memberNumber(), household: uid('H') };
    const signed = contractChange({ contractId: w.contractId, signerCustomerId: w.customerId, changedAt: daysAgo(25) });
    const granted = consent({
      customerId: w.customerId,
      memberNumber: w.member,
      householdId: w.household,
      effectiveAt: daysAgo(20),
    });
    await h.sendContracts([signed]);
    await h.sendConsents([granted]);
    await h.waitForAbsorbed([signed.eventId, granted.eventId]);

    // The cause: a database check deployed by mistake refuses this invoice (a non-transient error each time).
    const inv = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(2) });
    await db.query(`CREATE FUNCTION bonus.refuse_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'invoice % refused by a misconfigured check', NEW.invoice_id; END $$`);
    await db.query(`CREATE TRIGGER refuse_invoice BEFORE INSERT ON bonus.invoices FOR EACH ROW
      WHEN (NEW.invoice_id = '${inv.invoiceId}') EXECUTE FUNCTION bonus.refuse_invoice()`);
    await h.sendInvoices([inv]);
    const failed = await publishedLetter(sha256(Buffer.from(JSON.stringify(inv))));
    expect(failed.errorCode).toBe('PROCESSING_FAILED');
    const stillBad = Buffer.from('{"eventId": "never-valid"');
    await h.probe.send(h.topics.invoices, [{ key: 'bad', value: stillBad }]);
    const bad = await publishedLetter(sha256(stillBad));

    expect((await post('/v1/dead-letters/redrive', { ids: [failed.eventId] }, null)).status).toBe(401);
    expect((await post('/v1/dead-letters/redrive', { ids: [failed.eventId] }, 'viewer')).status).toBe(403);
    const invalid = await post<{ fields: { field: string }[] }>('/v1/dead-letters/redrive', { ids: ['x'] });
    expect([invalid.status, invalid.body.fields.map((f) => f.field)]).toEqual([400, ['ids[0]']]);

    const before = await post<Results>('/v1/dead-letters/redrive', { ids: [failed.eventId] });
    expect(before.body.results).toEqual([
      expect.objectContaining({ id: failed.eventId, outcome: 'DEAD_AGAIN', code: 'PROCESSING_FAILED' }),
    ]);
    expect(before.body.results[0].message).toContain('refused by a misconfigured check');

    // A database failure on the way (SQLSTATE class 08) says nothing about the letter: 503, nothing recorded.
    await db.query(`CREATE OR REPLACE FUNCTION bonus.refuse_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'connection lost' USING ERRCODE = 'connection_failure'; END $$`);
    const down = await post<Results & { code: string }>('/v1/dead-letters/redrive', { ids: [failed.eventId] });
    expect([down.status, down.body.code, down.body.results]).toEqual([503, 'DEPENDENCY_UNAVAILABLE', []]);

    await db.query(`DROP TRIGGER refuse_invoice ON bonus.invoices`); // the fix
    const unknown = `dl-${'f'.repeat(32)}`;
    const after = await post<Results>('/v1/dead-letters/redrive', { ids: [failed.eventId, bad.eventId, unknown] });
    expect(after.status).toBe(200);
    expect(after.body.results).toEqual([
      { id: failed.eventId, outcome: 'DECIDED' },
      expect.objectContaining({ id: bad.eventId, outcome: 'DEAD_AGAIN', code: 'MALFORMED_JSON' }),
      { id: unknown, outcome: 'NOT_FOUND' },
    ]);
    await h.waitForNet(inv.invoiceId, { [w.member]: 4990 });
    const [decided] = await h.waitForDecisions([inv.eventId]);
    expect(decided).toMatchObject({ decision: 'BONUS_RECORDED' });

    // Its eventId is processed now with this content: a second re-drive decides nothing and pays nothing twice.
    const again = await post<Results>('/v1/dead-letters/redrive', { ids: [failed.eventId] });
    expect(again.body.results).toEqual([{ id: failed.eventId, outcome: 'ALREADY_PROCESSED' }]);
    // A later purchase for the same member (same key, same partition, later in the outbox) marks the point by
    // which a second purchase from the re-drive would have arrived.
    const marker = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(1) });
    await h.sendInvoices([marker]);
    await h.waitForNet(marker.invoiceId, { [w.member]: 4990 });
    expect(h.purchases().filter((p) => p.invoiceId === inv.invoiceId)).toHaveLength(1);
    expect(h.decisions().filter((d) => d.sourceEventId === inv.eventId)).toHaveLength(1);
    expect(lettersAt(failed)).toHaveLength(1);
    expect(lettersAt(bad)).toHaveLength(1);

    const detail = await get<Detail>(`/v1/dead-letters/${failed.eventId}`);
    expect(detail.body.redrives.map((r) => [r.by, r.outcome, r.code])).toEqual([
      ['test-operator', 'DEAD_AGAIN', 'PROCESSING_FAILED'],
      ['test-operator', 'DECIDED', null],
      ['test-operator', 'ALREADY_PROCESSED', null],
    ]);
    expect(detail.body).toMatchObject({
      redriveCount: 3,
      lastRedrive: { by: 'test-operator', outcome: 'ALREADY_PROCESSED' },
    });
    const { rows } = await db.query(
      `SELECT operator, outcome, error_code FROM bonus.dead_letter_redrives WHERE dead_letter_id = $1`,
      [bad.eventId],
    );
    expect(rows).toEqual([{ operator: 'test-operator', outcome: 'DEAD_AGAIN', error_code: 'MALFORMED_JSON' }]);
  });

  it('re-driving an INVOICE_CONFLICT letter is DEAD_AGAIN with the conflict each time, decides nothing', async () => {
    const w = { customerId: uid('C'), contractId: uid('K') };
    const first = invoice({ ...w, issuedAt: daysAgo(3) });
    await h.sendInvoices([first]);
    await h.waitForDecisions([first.eventId]);
    const other = invoice({ ...w, invoiceId: first.invoiceId, issuedAt: daysAgo(3), monthlyFeeCents: 5990 });
    await h.sendInvoices([other]);
    const conflict = await publishedLetter(sha256(Buffer.from(JSON.stringify(other))));
    expect(conflict.errorCode).toBe('INVOICE_CONFLICT');

    for (let i = 0; i < 2; i++) {
      const redriven = await post<Results>('/v1/dead-letters/redrive', { ids: [conflict.eventId] });
      expect(redriven.body.results).toEqual([
        expect.objectContaining({ id: conflict.eventId, outcome: 'DEAD_AGAIN', code: 'INVOICE_CONFLICT' }),
      ]);
    }
    const detail = await get<Detail>(`/v1/dead-letters/${conflict.eventId}`);
    expect(detail.body.redrives.map((r) => [r.outcome, r.code])).toEqual([
      ['DEAD_AGAIN', 'INVOICE_CONFLICT'],
      ['DEAD_AGAIN', 'INVOICE_CONFLICT'],
    ]);
    // Nothing was decided for the conflicting eventId, in the decision log (written with every decision sent).
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM bonus.decision_log WHERE source_event_id = $1`, [
      other.eventId,
    ]);
    expect(rows).toEqual([{ n: 0 }]);
    expect(lettersAt(conflict)).toHaveLength(1);
  });

  it('the CLI lists, shows and re-drives through the API, audited with its token’s name', async () => {
    const value = Buffer.from('{"cli": ');
    await h.probe.send(h.topics.invoices, [{ key: 'cli', value }]);
    const letter = await publishedLetter(sha256(value));
    const root = repoRoot();
    const cli = (token: string, ...args: string[]) =>
      promisify(execFile)(
        process.execPath,
        [
          '-r',
          join(root, 'dist/libs/platform/src/runtime/register-aliases.js'),
          join(root, 'dist/tools/ops/dead-letters-cli.js'),
          ...args,
        ],
        { env: { ...process.env, OPS_TOKEN: token, PIPELINE_URL: url } },
      ).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout + e.stderr }),
      );

    const list = await cli(testOps.viewer.token, 'list', '--topic', h.topics.invoices, '--code', 'MALFORMED_JSON');
    expect(list.stdout).toContain(letter.eventId);
    const show = await cli(testOps.viewer.token, 'show', letter.eventId);
    expect(show.stdout).toContain('{"cli": ');
    expect(show.stdout).toContain(`sha256 ${sha256(value)}`);
    const denied = await cli(testOps.viewer.token, 'redrive', letter.eventId);
    expect(denied).toEqual({ code: 1, stdout: expect.stringContaining('403') });
    const redriven = await cli(testOps.operator.token, 'redrive', letter.eventId);
    expect(redriven.code).toBe(1); // still malformed
    expect(redriven.stdout).toContain(`${letter.eventId}  DEAD_AGAIN  MALFORMED_JSON`);
    const detail = await get<Detail>(`/v1/dead-letters/${letter.eventId}`);
    expect(detail.body.redrives.map((r) => r.by)).toEqual(['test-operator']);
  });

  it('lists parked outbox rows and puts chosen ones back in line for the relay (operators only)', async () => {
    const marker = uid('parked');
    const { rows } = await db.query(
      `INSERT INTO bonus.outbox_parked (id, topic, message_key, payload, headers, created_at, attempts, last_error)
       VALUES (nextval('bonus.outbox_id_seq'), $1, $2, $3, '{}', now(), 5, 'broker refused') RETURNING id::text AS id`,
      [h.topics.invoiceDecisions, marker, JSON.stringify({ eventId: marker, sourceEventId: marker })],
    );
    const id = rows[0].id as string;
    const parked = await get<{ items: { id: string; attempts: number; lastError: string }[] }>('/v1/outbox/parked');
    expect(parked.body.items).toContainEqual(expect.objectContaining({ id, attempts: 5, lastError: 'broker refused' }));

    expect((await post('/v1/outbox/parked/republish', { ids: [id] }, 'viewer')).status).toBe(403);
    const invalid = await post<{ fields: { field: string; rule: string }[] }>('/v1/outbox/parked/republish', {
      ids: [id],
      all: true,
    });
    expect([invalid.status, invalid.body.fields]).toEqual([400, [expect.objectContaining({ rule: 'exactlyOne' })]]);
    const republished = await post<{ republished: number }>('/v1/outbox/parked/republish', { ids: [id] });
    expect(republished.body).toEqual({ republished: 1 });
    const audit = await db.query(
      `SELECT operator, requested_ids::text[] AS ids, moved FROM bonus.outbox_republishes
       WHERE $1 = ANY(requested_ids)`,
      [id],
    );
    expect(audit.rows).toEqual([{ operator: 'test-operator', ids: [id], moved: 1 }]);
    await until(() => h.decisionFor(marker) !== undefined, 60_000, 'the republished row on its topic');
    expect((await get<{ items: { id: string }[] }>('/v1/outbox/parked')).body.items).toEqual([]);
  });
});
