import { Client } from 'pg';
import { JOINED_CHARS_LIMIT, SqlParameters } from '@sa/persistence';
import { createTestDatabase, TestDatabase } from '../support/test-infra';

describe('column parameters read back by the real PostgreSQL', () => {
  let db: TestDatabase;
  let pg: Client;
  beforeAll(async () => {
    db = await createTestDatabase('columns');
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await db?.drop();
  });

  const roundTrip = async (build: (p: SqlParameters) => string) => {
    const p = new SqlParameters();
    const { rows } = await pg.query(`SELECT * FROM ${build(p)} WITH ORDINALITY AS t(value, n) ORDER BY n`, p.values);
    return rows.map((r: { value: unknown }) => r.value);
  };

  it('returns every text exactly, NULLs and empty strings included', async () => {
    const texts = ['plain', '', null, 'a"b\\c,{d}', JSON.stringify({ say: '"hi"\n\u0001', n: [1, 2] }), 'ÄÖå €', ' x '];
    expect(await roundTrip((p) => `unnest(${p.column(texts)})`)).toEqual(texts);
  });

  it('returns a column holding the separators exactly too (bound as JSON instead)', async () => {
    const keys = ['a\u001eb', '\u001f', null, 'plain', ''];
    expect(await roundTrip((p) => `unnest(${p.column(keys)})`)).toEqual(keys);
  });

  it('returns a long column, sent as UTF-8 bytes, exactly', async () => {
    const payload = JSON.stringify({ name: 'Äänekoski – 😀', note: 'x'.repeat(400) });
    const texts = [...Array.from({ length: (2 * JOINED_CHARS_LIMIT) / 400 }, (_, i) => `${i}${payload}`), null, ''];
    const p = new SqlParameters();
    p.column(texts);
    expect(Buffer.isBuffer(p.values[0])).toBe(true);
    expect(await roundTrip((q) => `unnest(${q.column(texts)})`)).toEqual(texts);
  });

  it('reads no rows from an empty column and one row from one empty string', async () => {
    expect(await roundTrip((p) => `unnest(${p.column([])})`)).toEqual([]);
    expect(await roundTrip((p) => `unnest(${p.column([''])})`)).toEqual(['']);
  });

  it('reads numbers, booleans and instants by type', async () => {
    expect(await roundTrip((p) => `unnest(${p.column([4990, -1000, null, 9007199254740991], 'bigint')})`)).toEqual([
      '4990',
      '-1000',
      null,
      '9007199254740991',
    ]);
    expect(await roundTrip((p) => `unnest(${p.column([true, false, null], 'boolean')})`)).toEqual([true, false, null]);
    const at = await roundTrip((p) => `unnest(${p.column(['2026-02-28T22:00:00.123Z', null], 'timestamptz')})`);
    expect(at).toEqual([new Date('2026-02-28T22:00:00.123Z'), null]);
  });

  it('lines up several columns row by row', async () => {
    const p = new SqlParameters();
    const { rows } = await pg.query(
      `SELECT * FROM unnest(${p.column(['a', 'b'])}, ${p.column([1, null], 'int')}) AS t(name, n)`,
      p.values,
    );
    expect(rows).toEqual([
      { name: 'a', n: 1 },
      { name: 'b', n: null },
    ]);
  });
});
