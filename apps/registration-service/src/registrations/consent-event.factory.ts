import { randomUUID } from 'node:crypto';
import { ConsentEvent, ConsentEventType, RegistrationChannel } from '@sa/contracts';
import { Registration } from './registration';

/**
 * The consent event exactly as CONTRACT.md shapes it. The id is generated once here and stored
 * with the event, so a republished event always carries the same id.
 */
export function consentEvent(
  eventType: ConsentEventType,
  registration: Registration,
  effectiveAt: Date,
  channel: RegistrationChannel,
  recordedBy: string,
): ConsentEvent {
  return {
    eventId: randomUUID(),
    eventType,
    registrationId: registration.registrationId,
    customerId: registration.customerId,
    memberNumber: registration.memberNumber,
    householdId: registration.householdId,
    effectiveAt: effectiveAt.toISOString(),
    channel,
    recordedBy,
  };
}

/** A clock that stepped back (another instance, NTP) must not date a revocation before its grant. */
export function notBefore(now: Date, earliest: Date | undefined): Date {
  return earliest !== undefined && earliest.getTime() > now.getTime() ? earliest : now;
}
