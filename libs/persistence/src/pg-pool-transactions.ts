import { Pool } from 'pg';
import type { SqlQuery, SqlTransactions } from './sql-transactions';

export interface PgPoolOptions {
  url: string;
  poolSize: number;
  applicationName: string;
  /** Told when a pooled connection dies; the work using it fails and its caller retries. */
  onConnectionError: (error: Error) => void;
}

/**
 * SqlTransactions on a bare pg Pool, for code that must stay light (the relay's worker thread
 * loads neither TypeORM nor Nest).
 */
export class PgPoolTransactions implements SqlTransactions {
  private readonly pool: Pool;

  constructor(options: PgPoolOptions) {
    this.pool = new Pool({
      connectionString: options.url,
      max: options.poolSize,
      application_name: options.applicationName,
      connectionTimeoutMillis: 5000,
    });
    // Without a listener, a connection killed between two statements would crash the thread.
    this.pool.on('error', options.onConnectionError);
    this.pool.on('connect', (client) => client.on('error', options.onConnectionError));
  }

  async run<T>(work: (query: SqlQuery) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(async (sql, params) => (await client.query(sql, params)).rows);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is dropped from the pool rather than reused.
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}
