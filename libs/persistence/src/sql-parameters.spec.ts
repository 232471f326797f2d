import { columnParam, columnSql, JOINED_CHARS_LIMIT, queryWith, SqlParameters } from './sql-parameters';

describe('columnParam', () => {
  it('puts a record separator before every value and marks NULL with a unit separator', () => {
    expect(columnParam(['a', null, 4990, true, undefined, ''])).toBe(
      '\u001ea\u001e\u001f\u001e4990\u001etrue\u001e\u001f\u001e',
    );
  });

  it('tells no rows from one empty string', () => {
    expect(columnParam([])).toBe('');
    expect(columnParam([''])).toBe('\u001e');
  });

  it('carries quotes, backslashes, commas, braces and JSON text as they are', () => {
    const json = JSON.stringify({ note: 'say "hi", {x}\\n\u0001' });
    expect(columnParam([json, 'a"b\\c'])).toBe(`\u001e${json}\u001ea"b\\c`);
  });

  it('will not carry a column holding either separator (it would be split wrongly)', () => {
    expect(columnParam(['a', 'a\u001eb'])).toBeUndefined();
    expect(columnParam(['\u001f'])).toBeUndefined();
  });

  it('writes a long column as the UTF-8 bytes of the same text', () => {
    const payload = JSON.stringify({ name: 'Äänekoski – 😀', note: 'x'.repeat(300) });
    const values = [...Array.from({ length: JOINED_CHARS_LIMIT / 100 }, () => payload), null, ''];
    const bytes = columnParam(values);
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect((bytes as Buffer).toString('utf8')).toBe(`\u001e${values.map((v) => v ?? '\u001f').join('\u001e')}`);
  });

  it('holds a long column in a buffer of exactly its bytes, not a worst-case one', () => {
    const first = columnParam(Array.from({ length: JOINED_CHARS_LIMIT / 10 }, (_, i) => `row-${i}-ä`)) as Buffer;
    const second = columnParam(Array.from({ length: JOINED_CHARS_LIMIT / 10 }, (_, i) => `other-${i}`)) as Buffer;
    for (const bytes of [first, second]) expect(bytes.buffer.byteLength).toBe(bytes.length);
    // The scratch both were encoded in is reused: the first keeps its own bytes.
    expect(first.toString('utf8').split('\u001e')[1]).toBe('row-0-ä');
  });

  it('will not carry a long column holding either separator', () => {
    const long = 'x'.repeat(JOINED_CHARS_LIMIT);
    expect(columnParam([long, 'a\u001eb'])).toBeUndefined();
    expect(columnParam([long, '\u001f'])).toBeUndefined();
    expect(columnParam([long, null])).toBeInstanceOf(Buffer);
  });
});

describe('SqlParameters', () => {
  it('numbers placeholders as they are added and reads columns back by type', () => {
    const p = new SqlParameters();
    expect(p.add('x')).toBe('$1');
    expect(p.column([1, 2], 'bigint')).toBe(columnSql('$2', 'bigint'));
    expect(p.values).toEqual(['x', '\u001e1\u001e2']);
  });

  it('binds the columns of rows through columnsOf', () => {
    const p = new SqlParameters();
    const column = p.columnsOf([
      { id: 'a', n: 1 },
      { id: 'b', n: null },
    ]);
    expect([column((r) => r.id), column((r) => r.n, 'int')]).toEqual([columnSql('$1', 'text'), columnSql('$2', 'int')]);
    expect(p.values).toEqual(['\u001ea\u001eb', '\u001e1\u001e\u001f']);
  });

  it('binds a column holding a separator as a JSON array instead', () => {
    const p = new SqlParameters();
    expect(p.column(['k\u001e1', null])).toMatch(/^ARRAY\(SELECT v FROM json_array_elements_text\(\$1::json\)/);
    expect(p.values).toEqual(['["k\\u001e1",null]']);
  });

  it('binds a column of rows holding a separator as a JSON array too', () => {
    const p = new SqlParameters();
    const column = p.columnsOf([{ key: 'k\u001f' }, { key: 'plain' }]);
    expect(column((r) => r.key)).toMatch(/^ARRAY\(SELECT v FROM json_array_elements_text\(\$1::json\)/);
    expect(p.values).toEqual(['["k\\u001f","plain"]']);
  });
});

describe('queryWith', () => {
  it('runs the statement it builds with the parameters the builder bound, and answers its rows', async () => {
    const calls: [string, unknown[] | undefined][] = [];
    const db = {
      query: async (sql: string, parameters?: unknown[]) => {
        calls.push([sql, parameters]);
        return [{ n: 1 }];
      },
    };
    const rows = await queryWith<{ n: number }[]>(db, (p) => `SELECT ${p.add(7)}::int, ${p.column(['a', 'b'])}`);
    expect(rows).toEqual([{ n: 1 }]);
    expect(calls).toEqual([[`SELECT $1::int, ${columnSql('$2', 'text')}`, [7, '\u001ea\u001eb']]]);
  });
});
