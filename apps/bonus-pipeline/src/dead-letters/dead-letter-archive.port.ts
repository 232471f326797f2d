/**
 * What a re-drive came to: processed now (DECIDED); its eventId processed before with the same content, so
 * nothing was decided or sent now (ALREADY_PROCESSED); or failing still (DEAD_AGAIN, with the new error).
 */
export type RedriveOutcome = 'DECIDED' | 'ALREADY_PROCESSED' | 'DEAD_AGAIN';

/** One re-drive of a letter, as audited. */
export interface RedriveRecord {
  at: Date;
  /** The ops operator who asked for it (their token's name). */
  by: string;
  outcome: RedriveOutcome;
  code: string | null;
  message: string | null;
}

/** A stored dead letter as ops list it. */
export interface StoredDeadLetter {
  /** The letter's eventId: derived from the source position, safe in a URL. */
  id: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  /** The key's bytes as received; null for a record without a key. */
  sourceKey: Buffer | null;
  code: string;
  message: string;
  fields: string[];
  recordedAt: Date;
  redriveCount: number;
  lastRedrive: RedriveRecord | null;
}

/** One letter in full: the value's bytes exactly as received, and every re-drive of it, oldest first. */
export interface DeadLetterDetail extends StoredDeadLetter {
  /** False for letters registered before they were kept whole: their bytes were not stored. */
  keptWhole: boolean;
  rawValue: Buffer | null;
  redrives: RedriveRecord[];
}

/** Where a page of the newest-first list starts: strictly older than this letter. */
export interface DeadLetterCursor {
  recordedAt: Date;
  id: string;
}

export interface DeadLetterFilter {
  sourceTopic?: string;
  code?: string;
  /** recordedAt ≥ since */
  since?: Date;
  /** recordedAt < until */
  until?: Date;
  before?: DeadLetterCursor;
  limit: number;
}

/** The audit as the decide path's transaction offers it: a re-drive's row commits with its effects, or not at all. */
export interface RedriveAudit {
  recordRedrive(id: string, record: RedriveRecord): Promise<void>;
}

/** Port: the dead letters kept whole, and the audit of their re-drives. */
export interface DeadLetterArchive {
  /** Newest first (recordedAt, then id), at most `limit`. */
  list(filter: DeadLetterFilter): Promise<StoredDeadLetter[]>;
  find(id: string): Promise<DeadLetterDetail | undefined>;
  /** Appends one re-drive to the letter's audit, in a transaction of its own (a re-drive that changed nothing). */
  recordRedrive(id: string, record: RedriveRecord): Promise<void>;
}

export const DEAD_LETTER_ARCHIVE = Symbol('DEAD_LETTER_ARCHIVE');
