import { Equals, IsIn, IsInt, Matches } from 'class-validator';
import { IsIdentifier } from '../common/identifier.validator';
import { IsInstantWithZone } from '../common/instant.validator';
import { MEMBER_NUMBER_PATTERN } from '../common/member-number';

export const BONUS_PURCHASE_EVENT_TYPES = ['BonusPurchaseRecorded', 'BonusPurchaseReversed'] as const;
export type BonusPurchaseEventType = (typeof BONUS_PURCHASE_EVENT_TYPES)[number];

export const PARTNER_ID = 'sector-alarm-fi';

/** `sgroup.bonus-purchases.v1`, key memberNumber: S-Group sums amountCents per member and invoice. */
export class BonusPurchaseEvent {
  /** Stable: the same purchase always carries the same id. */
  @IsIdentifier()
  eventId!: string;

  @IsIn(BONUS_PURCHASE_EVENT_TYPES)
  eventType!: BonusPurchaseEventType;

  @Equals(PARTNER_ID)
  partnerId!: typeof PARTNER_ID;

  @Matches(MEMBER_NUMBER_PATTERN)
  memberNumber!: string;

  @IsIdentifier()
  householdId!: string;

  /** For a reversal caused by a credit note: the credited invoice. */
  @IsIdentifier()
  invoiceId!: string;

  /** The input event that caused this purchase or reversal. */
  @IsIdentifier()
  sourceEventId!: string;

  /** The invoice's issuedAt. */
  @IsInstantWithZone()
  purchasedAt!: string;

  /** Negative for a reversal. */
  @IsInt()
  amountCents!: number;

  @Equals('EUR')
  currency!: 'EUR';
}
