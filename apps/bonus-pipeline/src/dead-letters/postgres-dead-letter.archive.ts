import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DeadLetterArchive,
  DeadLetterDetail,
  DeadLetterFilter,
  RedriveOutcome,
  RedriveRecord,
  StoredDeadLetter,
} from './dead-letter-archive.port';
import { insertRedrive } from '../persistence/redrive-audit.sql';

interface LetterRow {
  id: string;
  source_topic: string;
  source_partition: number;
  source_offset: string;
  source_key: Buffer | null;
  error_code: string;
  error_message: string;
  fields: string[];
  recorded_at: Date;
  redrive_count: number;
  last_at: Date | null;
  last_by: string | null;
  last_outcome: RedriveOutcome | null;
  last_code: string | null;
  last_message: string | null;
}

interface RedriveRow {
  redriven_at: Date;
  operator: string;
  outcome: RedriveOutcome;
  error_code: string | null;
  error_message: string | null;
}

// The letter's columns with its re-drive count and latest re-drive (one index probe each).
const LETTER_COLUMNS = `d.id, d.source_topic, d.source_partition, d.source_offset::text AS source_offset, d.source_key,
  d.error_code, d.error_message, d.fields, d.recorded_at,
  (SELECT count(*)::int FROM bonus.dead_letter_redrives c WHERE c.dead_letter_id = d.id) AS redrive_count,
  last.redriven_at AS last_at, last.operator AS last_by, last.outcome AS last_outcome, last.error_code AS last_code,
  last.error_message AS last_message`;
const LAST_REDRIVE = `LEFT JOIN LATERAL (
  SELECT redriven_at, operator, outcome, error_code, error_message FROM bonus.dead_letter_redrives r
  WHERE r.dead_letter_id = d.id ORDER BY r.id DESC LIMIT 1) last ON true`;

/** Adapter: `bonus.dead_letters` (kept whole) and `bonus.dead_letter_redrives` (the audit). */
@Injectable()
export class PostgresDeadLetterArchive implements DeadLetterArchive {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: DeadLetterFilter): Promise<StoredDeadLetter[]> {
    const rows: LetterRow[] = await this.dataSource.query(
      `SELECT ${LETTER_COLUMNS} FROM bonus.dead_letters d ${LAST_REDRIVE}
       WHERE ($1::text IS NULL OR d.source_topic = $1) AND ($2::text IS NULL OR d.error_code = $2)
         AND ($3::timestamptz IS NULL OR d.recorded_at >= $3) AND ($4::timestamptz IS NULL OR d.recorded_at < $4)
         AND ($5::timestamptz IS NULL OR (d.recorded_at, d.id) < ($5, $6::text))
       ORDER BY d.recorded_at DESC, d.id DESC LIMIT $7`,
      [
        filter.sourceTopic ?? null,
        filter.code ?? null,
        filter.since ?? null,
        filter.until ?? null,
        filter.before?.recordedAt ?? null,
        filter.before?.id ?? null,
        filter.limit,
      ],
    );
    return rows.map(letterOf);
  }

  async find(id: string): Promise<DeadLetterDetail | undefined> {
    const [row]: (LetterRow & { raw_value: Buffer | null; kept_whole: boolean })[] = await this.dataSource.query(
      `SELECT ${LETTER_COLUMNS}, d.raw_value, d.kept_whole FROM bonus.dead_letters d ${LAST_REDRIVE} WHERE d.id = $1`,
      [id],
    );
    if (!row) return undefined;
    const redrives: RedriveRow[] = await this.dataSource.query(
      `SELECT redriven_at, operator, outcome, error_code, error_message FROM bonus.dead_letter_redrives
       WHERE dead_letter_id = $1 ORDER BY id`,
      [id],
    );
    const history = redrives.map(redriveOf);
    return { ...letterOf(row), keptWhole: row.kept_whole, rawValue: row.raw_value, redrives: history };
  }

  recordRedrive(id: string, record: RedriveRecord): Promise<void> {
    return insertRedrive(this.dataSource, id, record);
  }
}

function letterOf(r: LetterRow): StoredDeadLetter {
  return {
    id: r.id,
    sourceTopic: r.source_topic,
    sourcePartition: r.source_partition,
    sourceOffset: r.source_offset,
    sourceKey: r.source_key,
    code: r.error_code,
    message: r.error_message,
    fields: r.fields,
    recordedAt: r.recorded_at,
    redriveCount: r.redrive_count,
    lastRedrive:
      r.last_at === null
        ? null
        : redriveOf({
            redriven_at: r.last_at,
            operator: r.last_by!,
            outcome: r.last_outcome!,
            error_code: r.last_code,
            error_message: r.last_message,
          }),
  };
}

function redriveOf(r: RedriveRow): RedriveRecord {
  return { at: r.redriven_at, by: r.operator, outcome: r.outcome, code: r.error_code, message: r.error_message };
}
