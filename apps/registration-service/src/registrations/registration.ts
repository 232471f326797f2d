import { ConsentEventType, RegistrationChannel } from '@sa/contracts';

/** One grant of consent: active until revoked. */
export interface Registration {
  registrationId: string;
  customerId: string;
  memberNumber: string;
  householdId: string;
  channel: RegistrationChannel;
  recordedBy: string;
  effectiveAt: Date;
}

/** A grant or a revocation as it stays on record forever (R6). */
export interface ConsentHistoryEntry {
  eventId: string;
  eventType: ConsentEventType;
  registrationId: string;
  memberNumber: string;
  householdId: string;
  effectiveAt: Date;
  channel: RegistrationChannel;
  recordedBy: string;
}
