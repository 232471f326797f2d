import { RedriveRecord } from '../dead-letters/dead-letter-archive.port';

/** Anything that runs a query: the data source (a transaction of its own) or a transaction's manager. */
interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Appends one re-drive to `bonus.dead_letter_redrives`, on whichever connection the caller's transaction uses. */
export async function insertRedrive(db: Queryable, id: string, record: RedriveRecord): Promise<void> {
  await db.query(
    `INSERT INTO bonus.dead_letter_redrives (dead_letter_id, operator, redriven_at, outcome, error_code, error_message)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, record.by, record.at, record.outcome, record.code, record.message],
  );
}
