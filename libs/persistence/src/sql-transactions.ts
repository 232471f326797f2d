import type { DataSource } from 'typeorm';

/** Runs one SQL statement inside the transaction it was handed to; rows come back as pg parses them. */
export type SqlQuery = <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<Row[]>;

/** Work that must commit or roll back as a whole, whatever pool or ORM runs it. */
export interface SqlTransactions {
  run<T>(work: (query: SqlQuery) => Promise<T>): Promise<T>;
}

/** SqlTransactions over a service's TypeORM DataSource (its pool, its connection-error handling). */
export function typeOrmTransactions(dataSource: DataSource): SqlTransactions {
  return { run: (work) => dataSource.transaction((manager) => work((sql, params) => manager.query(sql, params))) };
}
