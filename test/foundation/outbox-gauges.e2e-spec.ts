import { DataSource } from 'typeorm';
import { outboxStateReader, outboxStateSql, parkOutboxRows } from '@sa/outbox';
import { createOutboxDatabase } from '../support/outbox-database';
import { TestDatabase } from '../support/test-infra';

describe('outbox gauges read from the real PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const query = (sql: string, params?: unknown[]) => dataSource.query(sql, params);
  beforeAll(async () => {
    ({ db, dataSource } = await createOutboxDatabase('gauges'));
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const insert = (n: number, createdAt = 'now()') =>
    dataSource.query(
      `INSERT INTO gauges.outbox (topic, message_key, payload, created_at)
       SELECT 't', 'k', '{}', ${createdAt} FROM generate_series(1, $1)`,
      [n],
    );
  const read = (exactCountBelow?: number) => outboxStateReader(query, 'gauges', { ttlMs: 0, exactCountBelow })();

  it('reads an empty outbox as no backlog, no age, nothing parked', async () => {
    expect(await read()).toEqual({ backlogRows: 0, oldestRowAgeSeconds: 0, parkedRows: 0 });
  });

  it('counts the rows waiting, the age of the oldest and the rows parked', async () => {
    await insert(3, `now() - interval '90 seconds'`);
    await insert(4);
    const [{ id }] = await dataSource.query(`SELECT min(id)::text AS id FROM gauges.outbox`);
    await parkOutboxRows(query, 'gauges', [id]);
    const state = await read();
    expect(state.backlogRows).toBe(6);
    expect(state.parkedRows).toBe(1);
    expect(state.oldestRowAgeSeconds).toBeGreaterThanOrEqual(90);
    expect(state.oldestRowAgeSeconds).toBeLessThan(3600);
  });

  it('past the exact-count bound, reads the id span: never fewer than the rows, more only by its gaps', async () => {
    await dataSource.query(
      `DELETE FROM gauges.outbox WHERE id IN (SELECT id FROM gauges.outbox ORDER BY id LIMIT 1 OFFSET 2)`,
    );
    // 5 rows waiting over a span of 6 ids (one deleted in the middle).
    expect((await read()).backlogRows).toBe(5);
    expect((await read(3)).backlogRows).toBe(6);
  });

  it('counts the waiting rows through the primary key, not the published rows still in the heap', async () => {
    // What a busy relay leaves between vacuums: 30,000 rows published and deleted ahead of 300 waiting.
    await dataSource.query(`DELETE FROM gauges.outbox`);
    await dataSource.query(
      `INSERT INTO gauges.outbox (topic, message_key, payload)
       SELECT 't', 'k', repeat('x', 300) FROM generate_series(1, 30300)`,
    );
    await dataSource.query(`ANALYZE gauges.outbox`);
    await dataSource.query(`DELETE FROM gauges.outbox WHERE id < (SELECT min(id) + 30000 FROM gauges.outbox)`);
    const [{ pages }] = await dataSource.query(
      `SELECT pg_relation_size('gauges.outbox') / current_setting('block_size')::int AS pages`,
    );
    expect((await read()).backlogRows).toBe(300);

    const explained: { 'QUERY PLAN': { Plan: PlanNode }[] }[] = await dataSource.query(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${outboxStateSql('gauges')}`,
      [100_000],
    );
    // The count's own node: the aggregate over a scan of the outbox. (Finding the oldest row walks the deleted
    // rows' index entries until they are marked dead, whatever the count does: that part is the relay's cost too.)
    const counts = nodes(explained[0]['QUERY PLAN'][0].Plan).filter(
      (n) => n['Node Type'] === 'Aggregate' && nodes(n).some((d) => d['Relation Name'] === 'outbox'),
    );
    expect(counts).toHaveLength(1);
    const touched = counts[0]['Shared Hit Blocks'] + counts[0]['Shared Read Blocks'];
    // A scan of the heap reads every page (over 1,000 here); the waiting rows and their index need a few dozen.
    expect(Number(pages)).toBeGreaterThan(1000);
    expect(touched).toBeLessThan(Number(pages) / 4);
  });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
}

/** A plan node and all nodes under it. */
function nodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodes)];
}
