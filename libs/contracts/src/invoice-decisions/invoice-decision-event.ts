import { IsIn, IsInt, IsOptional } from 'class-validator';
import { IsIdentifier } from '../common/identifier.validator';
import { IsInstantWithZone } from '../common/instant.validator';

export const DECISIONS = ['BONUS_RECORDED', 'BONUS_REVERSED', 'NOT_ELIGIBLE', 'DUPLICATE'] as const;
export type Decision = (typeof DECISIONS)[number];

export const NOT_ELIGIBLE_REASONS = [
  'NOT_REGISTERED',
  'PAYER_NOT_SIGNER',
  'CONTRACT_UNKNOWN',
  'NO_ELIGIBLE_AMOUNT',
  'CONSENT_REVOKED',
  'INVOICE_UNKNOWN',
] as const;
export type NotEligibleReason = (typeof NOT_ELIGIBLE_REASONS)[number];

/** `ops.invoice-decisions.v1`, key invoiceId: one per processed invoice or credit note; no member numbers. */
export class InvoiceDecisionEvent {
  @IsIdentifier()
  eventId!: string;

  @IsIdentifier()
  invoiceId!: string;

  @IsIdentifier()
  sourceEventId!: string;

  @IsIdentifier()
  customerId!: string;

  @IsIn(DECISIONS)
  decision!: Decision;

  /** Only for NOT_ELIGIBLE. */
  @IsOptional()
  @IsIn(NOT_ELIGIBLE_REASONS)
  reason?: NotEligibleReason | null;

  @IsInt()
  eligibleAmountCents!: number;

  @IsInstantWithZone()
  decidedAt!: string;
}
