import { DataSource, MixedList } from 'typeorm';
import { migrateWithLock } from '@sa/persistence';
import { BONUS_MIGRATIONS } from '../../apps/bonus-pipeline/src/persistence/migrations';
import { createTestDatabase, TestDatabase } from '../support/test-infra';

const connect = (url: string, migrations: MixedList<Function>) =>
  new DataSource({
    type: 'postgres',
    url,
    schema: 'bonus',
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
  }).initialize();

const DECISIONS = `SELECT event_id, invoice_id, credited_invoice_id, customer_id, decision, reason,
    eligible_cents::int, amount_change_cents::int, correction, cause_event_id, source_event_id, issued_at, decided_at,
    recorded_at
  FROM bonus.decision_log ORDER BY event_id`;
const PURCHASES = `SELECT event_id, event_type, invoice_id, member_number, household_id, amount_cents::int,
    purchased_at, source_event_id, correction, recorded_at
  FROM bonus.purchase_log ORDER BY event_id`;

describe('the decision and purchase log moving into batches (migration 1764900000000, real PostgreSQL)', () => {
  let db: TestDatabase;
  let before: DataSource;
  let all: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    before = await connect(db.url, BONUS_MIGRATIONS.slice(0, -1));
    await migrateWithLock(before, 'bonus');
  });

  afterAll(async () => {
    for (const dataSource of [before, all]) if (dataSource?.isInitialized) await dataSource.destroy();
    await db.drop();
  });

  it('keeps every logged row through up and down, and the month and invoice lookups find them', async () => {
    // Two statements of a batch each: an invoice and its credit note, then a correction of the invoice.
    await before.transaction(async (m) => {
      await m.query(`INSERT INTO bonus.decision_log (event_id, invoice_id, credited_invoice_id, customer_id, decision,
          reason, eligible_cents, amount_change_cents, correction, cause_event_id, source_event_id, issued_at,
          decided_at)
        VALUES ('dec-1', 'INV-1', NULL, 'C-1', 'BONUS_RECORDED', NULL, 4990, 4990, false, NULL, 'e-1',
            '2026-03-10T10:00:00Z', '2026-03-10T10:00:01Z'),
          ('dec-2', 'CN-1', 'INV-1', 'C-1', 'BONUS_REVERSED', NULL, -1000, -1000, false, NULL, 'e-2',
            '2026-03-10T10:00:00Z', '2026-03-10T10:00:01Z')`);
      await m.query(`INSERT INTO bonus.purchase_log (event_id, event_type, invoice_id, member_number, household_id,
          amount_cents, purchased_at, source_event_id, correction)
        VALUES ('bp-1', 'BonusPurchaseRecorded', 'INV-1', '1234567890', 'H-1', 4990, '2026-03-10T10:00:00Z', 'e-1',
          false)`);
    });
    await before.query(`INSERT INTO bonus.decision_log (event_id, invoice_id, customer_id, decision, eligible_cents,
        amount_change_cents, correction, cause_event_id, source_event_id, issued_at, decided_at)
      VALUES ('dec-3', 'INV-1', 'C-1', 'BONUS_REVERSED', 0, -3990, true, 'consent-9', 'e-1', '2026-03-10T10:00:00Z',
        '2026-04-02T08:00:00Z')`);
    await before.query(`INSERT INTO bonus.purchase_log (event_id, event_type, invoice_id, member_number, household_id,
        amount_cents, purchased_at, source_event_id, correction)
      VALUES ('bp-2', 'BonusPurchaseReversed', 'INV-1', '1234567890', 'H-1', -3990, '2026-03-10T10:00:00Z',
        'consent-9', true)`);
    const decisions = await before.query(DECISIONS);
    const purchases = await before.query(PURCHASES);
    await before.destroy();

    all = await connect(db.url, BONUS_MIGRATIONS);
    expect((await migrateWithLock(all, 'bonus')).map((m) => m.name)).toEqual(['LogBatches1764900000000']);
    // One batch per recorded_at of each log: the decision log's is the statement's time, the purchase log's the
    // transaction's.
    expect(await all.query(`SELECT count(*)::int AS n FROM bonus.log_batches`)).toEqual([{ n: 4 }]);
    expect(await all.query(DECISIONS)).toEqual(decisions);
    expect(await all.query(PURCHASES)).toEqual(purchases);
    const march = ['2026-02-28T22:00:00Z', '2026-03-31T21:00:00Z'];
    const inMarch = await all.query(`SELECT event_id FROM bonus.decisions_issued_between($1, $2) ORDER BY 1`, march);
    expect(inMarch.map((r: { event_id: string }) => r.event_id)).toEqual(['dec-1', 'dec-2', 'dec-3']);
    expect(await all.query(`SELECT count(*)::int AS n FROM bonus.purchases_between($1, $2)`, march)).toEqual([
      { n: 2 },
    ]);
    expect(
      await all.query(`SELECT count(*)::int AS n FROM bonus.decisions_issued_between('2026-04-01', '2026-05-01')`),
    ).toEqual([{ n: 0 }]);
    const aboutInvoice = await all.query(`SELECT event_id FROM bonus.decisions_about(ARRAY['INV-1']) ORDER BY 1`);
    expect(aboutInvoice.map((r: { event_id: string }) => r.event_id)).toEqual(['dec-1', 'dec-2', 'dec-3']);
    const purchased = await all.query(`SELECT event_id FROM bonus.purchases_about(ARRAY['INV-1']) ORDER BY 1`);
    expect(purchased.map((r: { event_id: string }) => r.event_id)).toEqual(['bp-1', 'bp-2']);

    await all.undoLastMigration({ transaction: 'each' });
    expect(await all.query(DECISIONS)).toEqual(decisions);
    expect(await all.query(PURCHASES)).toEqual(purchases);
    const kind = await all.query(
      `SELECT table_name, table_type FROM information_schema.tables
       WHERE table_schema = 'bonus' AND table_name IN ('decision_log', 'purchase_log', 'log_batches') ORDER BY 1`,
    );
    expect(kind).toEqual([
      { table_name: 'decision_log', table_type: 'BASE TABLE' },
      { table_name: 'purchase_log', table_type: 'BASE TABLE' },
    ]);
  });
});
