import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { RawEncoding } from '@sa/contracts';
import { DeadLetterDetail, RedriveRecord, StoredDeadLetter } from './dead-letter-archive.port';
import { encodeCursor } from './dead-letter-request.rules';
import { ListDeadLettersOutcome } from './list-dead-letters.use-case';
import { RedriveResult } from './redrive-dead-letters.use-case';

export interface DeadLetterItemBody {
  id: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  sourceKey: string | null;
  sourceKeyEncoding: RawEncoding;
  code: string;
  message: string;
  fields: string[];
  recordedAt: string;
  redriveCount: number;
  lastRedrive: { at: string; by: string; outcome: RedriveRecord['outcome'] } | null;
}

export interface RedriveBody {
  at: string;
  by: string;
  outcome: RedriveRecord['outcome'];
  code: string | null;
  message: string | null;
}

export interface DeadLetterDetailBody extends DeadLetterItemBody {
  /** The value as received: text when it is UTF-8 without NUL, else base64; null without a value or bytes kept. */
  rawValue: string | null;
  rawValueEncoding: RawEncoding | null;
  rawValueBytes: number | null;
  rawValueSha256: string | null;
  /** False for letters registered before the store kept their bytes. */
  rawValueKept: boolean;
  redrives: RedriveBody[];
}

export function listBody(outcome: ListDeadLettersOutcome): { items: DeadLetterItemBody[]; next: string | null } {
  return { items: outcome.items.map(itemBody), next: outcome.next ? encodeCursor(outcome.next) : null };
}

export function detailBody(letter: DeadLetterDetail): DeadLetterDetailBody {
  const value = letter.keptWhole && letter.rawValue !== null ? shown(letter.rawValue) : null;
  return {
    ...itemBody(letter),
    rawValue: value?.text ?? null,
    rawValueEncoding: value?.encoding ?? null,
    rawValueBytes: letter.keptWhole ? (letter.rawValue?.length ?? 0) : null,
    rawValueSha256: letter.keptWhole
      ? createHash('sha256')
          .update(letter.rawValue ?? Buffer.alloc(0))
          .digest('hex')
      : null,
    rawValueKept: letter.keptWhole,
    redrives: letter.redrives.map((r) => ({
      at: r.at.toISOString(),
      by: r.by,
      outcome: r.outcome,
      code: r.code,
      message: r.message,
    })),
  };
}

/** Each result as the console shows it: code and message only when it failed again. */
export function redriveBody(results: RedriveResult[]): { results: RedriveResult[] } {
  return { results };
}

function itemBody(letter: StoredDeadLetter): DeadLetterItemBody {
  const key = letter.sourceKey === null ? null : shown(letter.sourceKey);
  return {
    id: letter.id,
    sourceTopic: letter.sourceTopic,
    sourcePartition: letter.sourcePartition,
    sourceOffset: letter.sourceOffset,
    sourceKey: key?.text ?? null,
    sourceKeyEncoding: key?.encoding ?? 'utf8',
    code: letter.code,
    message: letter.message,
    fields: letter.fields,
    recordedAt: letter.recordedAt.toISOString(),
    redriveCount: letter.redriveCount,
    lastRedrive: letter.lastRedrive
      ? { at: letter.lastRedrive.at.toISOString(), by: letter.lastRedrive.by, outcome: letter.lastRedrive.outcome }
      : null,
  };
}

/** Bytes as JSON can carry them exactly: UTF-8 text without NUL as itself, anything else as base64. */
function shown(bytes: Buffer): { text: string; encoding: RawEncoding } {
  return isUtf8(bytes) && !bytes.includes(0)
    ? { text: bytes.toString('utf8'), encoding: 'utf8' }
    : { text: bytes.toString('base64'), encoding: 'base64' };
}
