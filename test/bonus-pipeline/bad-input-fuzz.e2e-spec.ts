import { Client } from 'pg';
import { buildFuzzPlan } from '../../tools/fuzz/hostile-inputs';
import { fuzzTable, FuzzRunResult, runFuzz } from '../../tools/fuzz/fuzz-run';
import { testKafka } from '../support/test-infra';
import { PipelineHarness } from './support/pipeline-harness';

// CI size by default; `npm run fuzz` runs the full size (≥ 10,000 corrupted) with its own broker.
const CORRUPTED = Number(process.env.FUZZ_MESSAGES ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
// The bound is 2 s (the full-size script asserts it); a busy 2-core CI box gets more room.
const MAX_LAST_OUTPUT_MS = Number(process.env.FUZZ_MAX_LAST_OUTPUT_MS ?? 10_000);

describe('bad input fuzz: corrupted messages of every class among valid traffic (real Kafka + PostgreSQL)', () => {
  let h: PipelineHarness;
  let result: FuzzRunResult;
  let db: Client;

  beforeAll(async () => {
    h = await PipelineHarness.create();
    await h.startInProcess({ LOG_LEVEL: 'error' });
    db = new Client({ connectionString: h.db.url });
    await db.connect();
    const plan = buildFuzzPlan({
      seed: SEED,
      run: `fz${SEED}`,
      corrupted: CORRUPTED,
      validInvoices: Math.ceil(CORRUPTED / 3),
      customers: 60,
      huge: 20,
      partitions: { invoices: 6, crmContracts: 3, consents: 3 },
    });
    const { invoices, crmContracts, consents, bonusPurchases, invoiceDecisions, deadLetters } = h.topics;
    result = await runFuzz({
      kafka: testKafka('fuzz'),
      topics: { inputs: { invoices, crmContracts, consents }, bonusPurchases, invoiceDecisions, deadLetters },
      pipelineGroupId: h.env.KAFKA_GROUP_ID,
      plan,
      outbox: async () => {
        const { rows } = await db.query(
          `SELECT (SELECT count(*) FROM bonus.outbox)::int AS pending,
                  (SELECT count(*) FROM bonus.outbox_parked)::int AS parked`,
        );
        return rows[0];
      },
      timeoutMs: 240_000,
      log: (line) => process.stdout.write(`[fuzz] ${line}\n`),
    });
    process.stdout.write(`[fuzz] seed ${SEED}\n${fuzzTable(result)}\n${result.verdict.problems.join('\n')}\n`);
  }, 360_000);

  afterAll(async () => {
    await db?.end();
    await h?.close();
  });

  it('sends at least the configured number of corrupted messages, of every class, on all three topics', () => {
    expect(result.verdict.corrupted).toBeGreaterThanOrEqual(CORRUPTED);
    expect([...result.verdict.perClass.keys()].filter((c) => c.startsWith('corrupt:')).length).toBeGreaterThanOrEqual(
      25,
    );
  });

  it(
    'ends each corrupted message as exactly one dead letter at its source position, with its code, ' +
      'raw value and key, and nothing else as one',
    () => {
      expect(result.verdict.problems).toEqual([]);
      expect(result.verdict.deadLettersMatched).toBe(result.verdict.corrupted);
    },
  );

  it('keeps every dead letter in PostgreSQL with the value byte for byte (size and SHA-256 as published)', async () => {
    const published = h
      .deadLetters()
      .map((m) => m.json<{ eventId: string; rawValueBytes: number; rawValueSha256: string }>());
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM json_to_recordset($1::json) AS p("eventId" text, "rawValueBytes" int,
         "rawValueSha256" text)
       JOIN bonus.dead_letters d ON d.id = p."eventId" AND d.kept_whole
         AND octet_length(coalesce(d.raw_value, ''::bytea)) = p."rawValueBytes"
         AND encode(sha256(coalesce(d.raw_value, ''::bytea)), 'hex') = p."rawValueSha256"`,
      [
        JSON.stringify(
          published.map(({ eventId, rawValueBytes, rawValueSha256 }) => ({ eventId, rawValueBytes, rawValueSha256 })),
        ),
      ],
    );
    expect(published.length).toBeGreaterThanOrEqual(CORRUPTED);
    expect(rows[0].n).toBe(published.length);
  });

  it('keeps the valid traffic exact: one decision per invoice, net per (member, invoice) as the rules give', () => {
    expect(result.verdict.decisionsMatched).toBe(result.verdict.validInvoices);
    expect(result.verdict.sumsExact).toBe(true);
  });

  it('keeps producing output right after the last send, and publishes every dead letter (none parked)', () => {
    expect(result.firstOutputAfterLastSendMs).toBeLessThanOrEqual(MAX_LAST_OUTPUT_MS);
    expect(result.sentinelMs).toBeLessThanOrEqual(MAX_LAST_OUTPUT_MS);
    expect(result.parkedOutboxRows).toBe(0);
  });

  it('stays ready', async () => {
    const url = (await h.apps[0].getUrl()).replace('[::1]', '127.0.0.1');
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
  });
});
