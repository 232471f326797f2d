import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { IsInstantWithZone } from '../common/instant.validator';

export const DEAD_LETTER_CODES = [
  'EMPTY_MESSAGE',
  'INVALID_UTF8',
  'MALFORMED_JSON',
  'NOT_AN_OBJECT',
  'NESTING_TOO_DEEP',
  'SCHEMA_VIOLATION',
  'INVOICE_CONFLICT',
  'EVENT_CONFLICT',
  /** The message decoded, but processing it alone kept failing with a non-transient error. */
  'PROCESSING_FAILED',
] as const;
export type DeadLetterCode = (typeof DEAD_LETTER_CODES)[number];

/** `utf8`: the text as received; `base64`: the bytes, where they are not UTF-8 text without NUL. */
export const RAW_ENCODINGS = ['utf8', 'base64'] as const;
export type RawEncoding = (typeof RAW_ENCODINGS)[number];

/** `ops.dead-letters.v1`, key: the source key. An input that could not be processed, kept whole. */
export class DeadLetterEvent {
  @IsString()
  eventId!: string;

  @IsString()
  sourceTopic!: string;

  @IsInt()
  @Min(0)
  sourcePartition!: number;

  /** Kafka offsets are 64-bit: kept as a decimal string. */
  @IsString()
  sourceOffset!: string;

  /** The source key in `sourceKeyEncoding`, or null for a record without a key. */
  @IsOptional()
  @IsString()
  sourceKey!: string | null;

  @IsIn(RAW_ENCODINGS)
  sourceKeyEncoding!: RawEncoding;

  /** True when `sourceKey` holds only the key's first bytes (keys over 1 KiB). */
  @IsBoolean()
  sourceKeyTruncated!: boolean;

  /** The value as received in `rawValueEncoding` (its first bytes only when `rawValueTruncated`), or null. */
  @IsOptional()
  @IsString()
  rawValue!: string | null;

  @IsIn(RAW_ENCODINGS)
  rawValueEncoding!: RawEncoding;

  /** Size of the value as received, in bytes (0 for none). */
  @IsInt()
  @Min(0)
  rawValueBytes!: number;

  /** SHA-256 (hex) of the whole value as received, so a truncated copy can still be matched. */
  @Matches(/^[0-9a-f]{64}$/)
  rawValueSha256!: string;

  /** True when `rawValue` holds only the first bytes, so the dead letter fits the broker's limit. */
  @IsBoolean()
  rawValueTruncated!: boolean;

  @IsIn(DEAD_LETTER_CODES)
  errorCode!: DeadLetterCode;

  /** Human-readable, naming the field at fault. */
  @IsString()
  errorMessage!: string;

  /** Field paths at fault, e.g. ["lines[1].category"]. */
  @IsString({ each: true })
  fields!: string[];

  @IsInstantWithZone()
  rejectedAt!: string;
}
