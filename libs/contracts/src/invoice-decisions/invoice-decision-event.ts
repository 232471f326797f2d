import { IsBoolean, IsIn, IsInt, IsOptional } from 'class-validator';
import { IsIdentifier } from '../common/identifier.validator';
import { IsInstantWithZone } from '../common/instant.validator';

/** CORRECTION_SKIPPED: a late fact would have changed an invoice outside the correction window; nothing was sent. */
export const DECISIONS = [
  'BONUS_RECORDED',
  'BONUS_REVERSED',
  'NOT_ELIGIBLE',
  'DUPLICATE',
  'CORRECTION_SKIPPED',
] as const;
export type Decision = (typeof DECISIONS)[number];

export const NOT_ELIGIBLE_REASONS = [
  'NOT_REGISTERED',
  'PAYER_NOT_SIGNER',
  'CONTRACT_UNKNOWN',
  'NO_ELIGIBLE_AMOUNT',
  'CONSENT_REVOKED',
  'INVOICE_UNKNOWN',
  // Only with CORRECTION_SKIPPED.
  'OUTSIDE_CORRECTION_WINDOW',
] as const;
export type NotEligibleReason = (typeof NOT_ELIGIBLE_REASONS)[number];

/**
 * `ops.invoice-decisions.v1`, key invoiceId: one per processed invoice or credit note, plus one per invoice a
 * late contract change or consent corrects (or would have corrected outside the window: CORRECTION_SKIPPED);
 * no member numbers.
 */
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

  /** Only for NOT_ELIGIBLE and CORRECTION_SKIPPED. */
  @IsOptional()
  @IsIn(NOT_ELIGIBLE_REASONS)
  reason?: NotEligibleReason | null;

  @IsInt()
  eligibleAmountCents!: number;

  @IsInstantWithZone()
  decidedAt!: string;

  /**
   * Σ amountCents of the bonus purchases this decision announces (all members): per invoice (a credit note's
   * decision counts for `creditedInvoiceId`), the decisions' amountChangeCents add up to the purchases'
   * amountCents. Absent on decisions sent before it existed.
   */
  @IsOptional()
  @IsInt()
  amountChangeCents?: number;

  /** A credit note's decision: the invoice it credits (its purchases carry that invoiceId). */
  @IsOptional()
  @IsIdentifier()
  creditedInvoiceId?: string;

  /** true on a decision caused by a contract change or consent rather than by this invoice or a credit note. */
  @IsOptional()
  @IsBoolean()
  correction?: boolean;

  /** A correction's cause: the contract change's or consent's eventId (also its sourceEventId). */
  @IsOptional()
  @IsIdentifier()
  causeEventId?: string;

  /** An invoice decision: what its credit notes (arrived before or with it) took off its amount, when any (< 0). */
  @IsOptional()
  @IsInt()
  creditedCents?: number;
}
