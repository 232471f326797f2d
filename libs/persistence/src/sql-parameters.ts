/** A value of a column parameter: NULL, or text, a number or a boolean PostgreSQL reads back by the column's type. */
export type ColumnValue = string | number | boolean | null | undefined;

const SEPARATOR = '\u001e'; // ASCII record separator: before every value
const NULL_MARK = '\u001f'; // ASCII unit separator: a NULL

/**
 * A column of rows as one text parameter: every value preceded by U+001E, NULL written as U+001F; `columnSql` reads
 * it back. Hand-written because neither usual way is cheap on the hot path: JSON records (json_to_recordset) were
 * PostgreSQL's largest parsing cost and made JSON.stringify escape every quote of every outbox payload, and
 * node-postgres' array parameters escape each element in JS, slower still (docs/benchmarks.md, sixth session:
 * 15 % less CPU per invoice after the switch). Neither end escapes anything here, so a column holding either
 * control character cannot go this way (undefined): ids are printable ASCII and JSON text escapes control
 * characters, but a Kafka key is whatever bytes a producer sent.
 *
 * A column of more than `JOINED_CHARS_LIMIT` characters (the outbox payloads of a batch: about 1.6 MB) comes back as
 * UTF-8 bytes, which node-postgres sends as they are (PostgreSQL reads a text parameter in binary format as its
 * bytes): V8 joins such a string ten times slower than a short one and puts it in the old generation, where every
 * batch's megabytes brought major collections forward (docs/benchmarks.md, eighth session).
 */
export function columnParam(values: readonly ColumnValue[]): string | Buffer | undefined {
  return columnText(values, (value) => value);
}

/** Above this many characters a column is written as bytes (V8 allocates a longer string in its large-object space). */
export const JOINED_CHARS_LIMIT = 48 * 1024;

/**
 * `columnParam` of `rows.map(value)` without the intermediate array. Joined, not concatenated: `+=` builds a rope
 * that node-postgres flattens again when it measures and writes the parameter (docs/benchmarks.md, seventh session).
 */
function columnText<T>(rows: readonly T[], value: (row: T) => ColumnValue): string | Buffer | undefined {
  const cells = new Array<string>(rows.length + 1);
  cells[0] = ''; // the join puts a separator before every value
  let chars = rows.length;
  let nulls = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = value(rows[i]);
    if (v === null || v === undefined) {
      cells[i + 1] = NULL_MARK;
      nulls++;
      continue;
    }
    const cell = typeof v === 'string' ? v : String(v);
    chars += cell.length;
    cells[i + 1] = cell;
  }
  const text = chars <= JOINED_CHARS_LIMIT ? cells.join(SEPARATOR) : utf8Column(cells, chars);
  // The only separators may be the ones written here; counted on the result, one native search per value.
  return count(text, SEPARATOR_CODE) === rows.length && count(text, NULL_MARK_CODE) === nulls ? text : undefined;
}

const SEPARATOR_CODE = SEPARATOR.charCodeAt(0);
const NULL_MARK_CODE = NULL_MARK.charCodeAt(0);

/** Where long columns are encoded: grown to the largest column so far, reused (nothing awaits while it is in use). */
let scratch = Buffer.allocUnsafeSlow(0);

/**
 * The cells (after the leading empty one) each behind a separator, as UTF-8 in a buffer of exactly their size: the
 * worst case (3 bytes per UTF-16 unit) is written into the reused scratch, and only what was written is copied out.
 * An exact buffer keeps the process's external memory at the bytes sent, which V8 counts towards its next full
 * collection (a worst-case buffer per batch held three times as much and brought them forward).
 */
function utf8Column(cells: readonly string[], chars: number): Buffer {
  if (scratch.length < chars * 3) scratch = Buffer.allocUnsafeSlow(chars * 3);
  let at = 0;
  for (let i = 1; i < cells.length; i++) {
    scratch[at++] = SEPARATOR_CODE;
    at += scratch.write(cells[i], at);
  }
  const bytes = Buffer.allocUnsafeSlow(at);
  scratch.copy(bytes, 0, 0, at);
  return bytes;
}

/** How often an ASCII character occurs in text or in UTF-8 bytes (a byte below 0x80 is always that character). */
function count(text: string | Buffer, code: number): number {
  const search: string | number = typeof text === 'string' ? String.fromCharCode(code) : code;
  let n = 0;
  for (let at = text.indexOf(search as never); at !== -1; at = text.indexOf(search as never, at + 1)) n++;
  return n;
}

/**
 * The column of `param` (a placeholder such as `$3`) as a `type[]`: split, the leading empty element dropped (it is
 * what tells no rows from one empty string), NULL marks turned into NULL.
 */
export function columnSql(param: string, type: string): string {
  return `(string_to_array(${param}, E'\\x1e', E'\\x1f'))[2:]::${type}[]`;
}

/** The parameters of one statement, numbered as they are added. */
export class SqlParameters {
  readonly values: unknown[] = [];

  /** A parameter's placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** A column reader over `rows`: `column((row) => row.x, 'bigint')` binds that column (see `column` below). */
  columnsOf<T>(rows: readonly T[]): (value: (row: T) => ColumnValue, type?: string) => string {
    return (value, type = 'text') => {
      const plain = columnText(rows, value);
      return plain !== undefined ? columnSql(this.add(plain), type) : this.jsonColumn(rows.map(value), type);
    };
  }

  /**
   * A column of rows as a `type[]`, for `unnest(...)`: see `columnParam`. A column holding a separator goes as a JSON
   * array instead (slower, and rare: a hostile key), so every value can be bound.
   */
  column(values: readonly ColumnValue[], type = 'text'): string {
    const plain = columnParam(values);
    return plain !== undefined ? columnSql(this.add(plain), type) : this.jsonColumn(values, type);
  }

  private jsonColumn(values: readonly ColumnValue[], type: string): string {
    const json = this.add(JSON.stringify(values.map((v) => (v === null || v === undefined ? null : String(v)))));
    const elements = `json_array_elements_text(${json}::json) WITH ORDINALITY AS t(v, n)`;
    return `ARRAY(SELECT v FROM ${elements} ORDER BY n)::${type}[]`;
  }
}

/** What runs a statement: a TypeORM EntityManager or QueryRunner, a pg client. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Runs one statement built on fresh parameters: `queryWith(manager, (p) => `... ${p.column(ids)} ...`)`. */
export async function queryWith<T = unknown>(db: Queryable, build: (p: SqlParameters) => string): Promise<T> {
  const p = new SqlParameters();
  const sql = build(p);
  return (await db.query(sql, p.values)) as T;
}
