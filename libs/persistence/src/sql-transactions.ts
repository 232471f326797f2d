import type { DataSource, QueryRunner } from 'typeorm';

/** Runs one SQL statement inside the transaction it was handed to; rows come back as pg parses them. */
export type SqlQuery = <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<Row[]>;

/** Work that must commit or roll back as a whole, whatever pool or ORM runs it. */
export interface SqlTransactions {
  run<T>(work: (query: SqlQuery) => Promise<T>): Promise<T>;
}

/** SqlTransactions over a service's TypeORM DataSource (its pool, its connection-error handling). */
export function typeOrmTransactions(dataSource: DataSource): SqlTransactions {
  // The structured result: a plain query would answer UPDATE/DELETE … RETURNING with [rows, rowCount].
  const rowsOf = async <Row>(runner: QueryRunner, sql: string, params?: unknown[]) =>
    (await runner.query(sql, params, true)).records as Row[];
  return {
    run: (work) =>
      dataSource.transaction((manager) => work((sql, params) => rowsOf(manager.queryRunner!, sql, params))),
  };
}
