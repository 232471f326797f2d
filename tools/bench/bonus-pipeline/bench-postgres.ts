import { Client } from 'pg';

/** Buffer-cache counters of the bench database: totals, and per table (its indexes included). */
export interface PageCounters {
  hit: number;
  read: number;
  sharedBuffers: string;
  byTable: Map<string, number>;
  /** The server's WAL position (bytes) and checkpoints so far: every database's, the bench's dominate. */
  walBytes: number;
  checkpoints: number;
}

export async function pageCounters(db: Client): Promise<PageCounters> {
  const { rows } = await db.query(
    `SELECT blks_hit, blks_read, current_setting('shared_buffers') AS sb,
            pg_current_wal_lsn() - '0/0'::pg_lsn AS wal
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  // PostgreSQL 17 moved the checkpoint counters to pg_stat_checkpointer.
  const checkpoints = await db.query(
    checkpointCountSql(await db.query(`SELECT to_regclass('pg_catalog.pg_stat_checkpointer') IS NOT NULL AS v17`)),
  );
  const tables = await db.query(
    `SELECT relname,
            heap_blks_hit + heap_blks_read + coalesce(idx_blks_hit, 0) + coalesce(idx_blks_read, 0)
              + coalesce(toast_blks_hit, 0) + coalesce(toast_blks_read, 0) AS pages
     FROM pg_statio_user_tables`,
  );
  return {
    hit: Number(rows[0].blks_hit),
    read: Number(rows[0].blks_read),
    sharedBuffers: rows[0].sb,
    byTable: new Map(tables.rows.map((r) => [r.relname as string, Number(r.pages)])),
    walBytes: Number(rows[0].wal),
    checkpoints: Number(checkpoints.rows[0].n),
  };
}

function checkpointCountSql({ rows }: { rows: { v17: boolean }[] }): string {
  return rows[0].v17
    ? 'SELECT num_timed + num_requested AS n FROM pg_stat_checkpointer'
    : 'SELECT checkpoints_timed + checkpoints_req AS n FROM pg_stat_bgwriter';
}

/** What the pipeline touched between two readings, per invoice: the report's PostgreSQL lines. */
export function pagesPerInvoice(before: PageCounters, after: PageCounters, invoices: number): string[] {
  const tables = [...after.byTable]
    .map(([name, pages]) => [name, (pages - (before.byTable.get(name) ?? 0)) / invoices] as const)
    .filter(([, perInvoice]) => perInvoice >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, perInvoice]) => `${name} ${perInvoice.toFixed(1)}`);
  return [
    `PostgreSQL pages         ${((after.read - before.read) / invoices).toFixed(2)} read outside shared_buffers` +
      ` per invoice, ${((after.hit - before.hit) / invoices).toFixed(1)} hits (${after.sharedBuffers} shared_buffers)`,
    `  per table + indexes    ${tables.join(', ')}`,
    `PostgreSQL WAL           ${Math.round((after.walBytes - before.walBytes) / invoices)} bytes per invoice, ` +
      `${after.checkpoints - before.checkpoints} checkpoint(s) began`,
  ];
}
