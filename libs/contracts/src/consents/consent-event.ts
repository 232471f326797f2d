import { IsIn, Matches } from 'class-validator';
import { IsIdentifier } from '../common/identifier.validator';
import { IsInstantWithZone } from '../common/instant.validator';
import { MEMBER_NUMBER_HINT, MEMBER_NUMBER_PATTERN } from '../common/member-number';

export const CONSENT_EVENT_TYPES = ['ConsentGranted', 'ConsentRevoked'] as const;
export type ConsentEventType = (typeof CONSENT_EVENT_TYPES)[number];

export const REGISTRATION_CHANNELS = ['PHONE', 'CHAT', 'EMAIL'] as const;
export type RegistrationChannel = (typeof REGISTRATION_CHANNELS)[number];

/** `registration.consents.v1`, key customerId: a consent granted or revoked at customer service. */
export class ConsentEvent {
  @IsIdentifier()
  eventId!: string;

  @IsIn(CONSENT_EVENT_TYPES, { message: `$property must be one of ${CONSENT_EVENT_TYPES.join(', ')}` })
  eventType!: ConsentEventType;

  @IsIdentifier()
  registrationId!: string;

  @IsIdentifier()
  customerId!: string;

  @Matches(MEMBER_NUMBER_PATTERN, { message: MEMBER_NUMBER_HINT })
  memberNumber!: string;

  @IsIdentifier()
  householdId!: string;

  @IsInstantWithZone()
  effectiveAt!: string;

  @IsIn(REGISTRATION_CHANNELS, { message: `$property must be one of ${REGISTRATION_CHANNELS.join(', ')}` })
  channel!: RegistrationChannel;

  @IsIdentifier()
  recordedBy!: string;
}
