import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsIdentifier } from '../common/identifier.validator';
import { IsInstantWithZone } from '../common/instant.validator';
import { CreditedInvoiceMatchesType, DocumentTotalHasTypeSign } from './invoice-rules.validator';

export const INVOICE_EVENT_TYPES = ['InvoiceIssued', 'CreditNoteIssued'] as const;
export type InvoiceEventType = (typeof INVOICE_EVENT_TYPES)[number];

export const LINE_CATEGORIES = ['MONTHLY_FEE', 'INSTALLATION', 'EQUIPMENT', 'SERVICE', 'OTHER'] as const;
export type LineCategory = (typeof LINE_CATEGORIES)[number];

/** One euro-cent amount on a line can be at most ±1,000,000 € (a sanity bound, not a business rule). */
export const MAX_LINE_AMOUNT_CENTS = 100_000_000;

export class InvoiceLine {
  @IsIdentifier()
  lineId!: string;

  @IsIn(LINE_CATEGORIES, { message: `$property must be one of ${LINE_CATEGORIES.join(', ')}` })
  category!: LineCategory;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @IsInt({ message: '$property must be an integer number of euro cents' })
  @Min(-MAX_LINE_AMOUNT_CENTS)
  @Max(MAX_LINE_AMOUNT_CENTS)
  grossAmountCents!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  vatRatePercent!: number;
}

/** `billing.invoices.v1`, key invoiceId: an invoice or a credit note from Sector Alarm billing. */
export class InvoiceEvent {
  @IsIdentifier()
  eventId!: string;

  @IsIn(INVOICE_EVENT_TYPES, { message: `$property must be one of ${INVOICE_EVENT_TYPES.join(', ')}` })
  eventType!: InvoiceEventType;

  @IsIdentifier()
  invoiceId!: string;

  // A credit note names the invoice it credits; an invoice names none.
  @CreditedInvoiceMatchesType()
  creditedInvoiceId!: string | null;

  @IsIdentifier()
  customerId!: string;

  @IsIdentifier()
  contractId!: string;

  @IsInstantWithZone()
  issuedAt!: string;

  @Equals('EUR', { message: '$property must be EUR (amounts are euro cents)' })
  currency!: 'EUR';

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  // Without this, an array of arrays of lines passes ValidateNested and counts as no line at all.
  @IsObject({ each: true, message: 'each of $property must be a line object, not an array or a scalar' })
  @ValidateNested({ each: true })
  @Type(() => InvoiceLine)
  @DocumentTotalHasTypeSign()
  lines!: InvoiceLine[];
}
