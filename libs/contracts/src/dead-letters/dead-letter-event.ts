import { IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { IsInstantWithZone } from '../common/instant.validator';

export const DEAD_LETTER_CODES = [
  'EMPTY_MESSAGE',
  'MALFORMED_JSON',
  'NOT_AN_OBJECT',
  'SCHEMA_VIOLATION',
  'INVOICE_CONFLICT',
  'EVENT_CONFLICT',
] as const;
export type DeadLetterCode = (typeof DEAD_LETTER_CODES)[number];

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

  @IsOptional()
  @IsString()
  sourceKey!: string | null;

  /** The value exactly as received (UTF-8), or null for an empty message. */
  @IsOptional()
  @IsString()
  rawValue!: string | null;

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
