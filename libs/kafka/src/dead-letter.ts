import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { DeadLetterCode, DeadLetterEvent, FieldFault, RawEncoding } from '@sa/contracts';
import { RawMessage } from './raw-message';

/**
 * How much of the escaped raw value a dead letter carries. The broker's default limit for one record
 * batch is 1 MiB; half of it leaves room for the rest of the letter and for JSON escaping overhead.
 */
export const DEAD_LETTER_VALUE_BUDGET_BYTES = 512 * 1024;
/** The source key doubles as the dead letter's own Kafka key, so it is kept short. */
export const DEAD_LETTER_KEY_BUDGET_BYTES = 1024;
const MAX_ERROR_MESSAGE_CHARS = 2000;
/**
 * A message with thousands of faulty lines names thousands of fields: unbounded, they pushed a
 * letter over the broker's limit and it was parked, never published. The first ones name the fault.
 */
export const MAX_DEAD_LETTER_FIELDS = 100;
const MAX_FIELD_CHARS = 200;

/**
 * Builds the dead letter for an input that cannot be processed. Its id derives from the source
 * position, so reprocessing the same record yields the same dead letter. Whatever the bytes, the
 * letter is valid JSON text that PostgreSQL and the broker accept: bytes that are not UTF-8 text
 * (or hold NUL) travel as base64, and a value too large for the broker is cut, with its size and
 * SHA-256 kept.
 */
export function deadLetterFor(
  message: RawMessage,
  code: DeadLetterCode,
  errorMessage: string,
  faults: FieldFault[],
  rejectedAt: Date,
): DeadLetterEvent {
  const key = message.key === null ? null : keptBytes(message.key, DEAD_LETTER_KEY_BUDGET_BYTES);
  const value = message.value === null ? null : keptBytes(message.value, DEAD_LETTER_VALUE_BUDGET_BYTES);
  const position = `${message.topic}/${message.partition}/${message.offset}`;
  return {
    eventId: `dl-${createHash('sha256').update(position).digest('hex').slice(0, 32)}`,
    sourceTopic: message.topic,
    sourcePartition: message.partition,
    sourceOffset: message.offset,
    sourceKey: key?.text ?? null,
    sourceKeyEncoding: key?.encoding ?? 'utf8',
    sourceKeyTruncated: key?.truncated ?? false,
    rawValue: value?.text ?? null,
    rawValueEncoding: value?.encoding ?? 'utf8',
    rawValueBytes: message.value?.length ?? 0,
    rawValueSha256: createHash('sha256')
      .update(message.value ?? Buffer.alloc(0))
      .digest('hex'),
    rawValueTruncated: value?.truncated ?? false,
    errorCode: code,
    errorMessage:
      errorMessage.length > MAX_ERROR_MESSAGE_CHARS
        ? `${errorMessage.slice(0, MAX_ERROR_MESSAGE_CHARS)}…`
        : errorMessage,
    fields: [
      ...new Set(
        faults.map((f) => (f.field.length > MAX_FIELD_CHARS ? `${f.field.slice(0, MAX_FIELD_CHARS)}…` : f.field)),
      ),
    ].slice(0, MAX_DEAD_LETTER_FIELDS),
    rejectedAt: rejectedAt.toISOString(),
  };
}

/** The bytes of a dead letter's raw value decoded back from the letter (its first bytes when truncated). */
export function rawBytesOf(text: string, encoding: RawEncoding): Buffer {
  return Buffer.from(text, encoding === 'base64' ? 'base64' : 'utf8');
}

interface Kept {
  text: string;
  encoding: RawEncoding;
  truncated: boolean;
}

/** UTF-8 without NUL stays text (PostgreSQL's text refuses NUL); anything else is base64. */
function keptBytes(bytes: Buffer, budget: number): Kept {
  const encoding: RawEncoding = isUtf8(bytes) && !bytes.includes(0) ? 'utf8' : 'base64';
  if (encoding === 'base64') {
    const fits = Math.ceil(bytes.length / 3) * 4 <= budget;
    const kept = fits ? bytes : bytes.subarray(0, Math.floor(budget / 4) * 3);
    return { text: kept.toString('base64'), encoding, truncated: !fits };
  }
  let text = bytes.toString('utf8');
  let size = escapedSize(text);
  if (size <= budget) return { text, encoding, truncated: false };
  // Escaping can grow a character up to six-fold: shrink in proportion until the escaped text fits.
  let end = bytes.length;
  while (size > budget) {
    end = characterStart(bytes, Math.floor((end * budget) / size) - 1);
    text = bytes.subarray(0, end).toString('utf8');
    size = escapedSize(text);
  }
  return { text, encoding, truncated: true };
}

function escapedSize(text: string): number {
  return Buffer.byteLength(JSON.stringify(text)) - 2;
}

/** The largest index ≤ i that starts a UTF-8 character, so a cut never splits one. */
function characterStart(bytes: Buffer, i: number): number {
  let at = Math.max(0, i);
  while (at > 0 && (bytes[at] & 0xc0) === 0x80) at--;
  return at;
}
