import { HttpException } from '@nestjs/common';
import { maskMemberNumber } from '@sa/contracts';
import { AUDIT_CHANNEL, AUDIT_OUTCOME } from '../http/audit.middleware';
import { HttpResponse } from '../http/express-types';
import { GrantConsentOutcome } from './grant-consent.use-case';
import { RegistrationView } from './get-registration.use-case';
import { RevokeConsentOutcome } from './revoke-consent.use-case';
import { Registration } from './registration';
import { RegistrationDto, RegistrationStateDto } from './dto/registration-responses.dto';

export type RefusalCode =
  | 'CONSENT_REQUIRED'
  | 'NO_CUSTOMER_RELATIONSHIP'
  | 'MEMBER_NUMBER_UNKNOWN'
  | 'NOT_OWNER_CUSTOMER'
  | 'NO_ACTIVE_REGISTRATION'
  | 'OWNER_CUSTOMER_REGISTER_UNAVAILABLE';

const REFUSALS: Record<
  Exclude<GrantConsentOutcome['kind'], 'granted' | 'replaced' | 'already-active'>,
  [number, RefusalCode, string]
> = {
  'consent-required': [
    422,
    'CONSENT_REQUIRED',
    'R6: the customer must consent to data being shared between S-Group and Sector Alarm; ' +
      'send consent: true only once they have',
  ],
  'no-customer-relationship': [
    422,
    'NO_CUSTOMER_RELATIONSHIP',
    'R8: the customer signs no ACTIVE Sector Alarm contract; ' +
      'a quote or only terminated contracts are not a customer relationship',
  ],
  'member-number-unknown': [
    422,
    'MEMBER_NUMBER_UNKNOWN',
    "S-Group's register does not know this member number; " +
      'ask the customer for the 10-digit member number on the S-card or in Oma S-kanava',
  ],
  'not-owner-customer': [
    422,
    'NOT_OWNER_CUSTOMER',
    "R9: S-Group's register says this member number does not belong to an owner-customer household",
  ],
  'register-unavailable': [
    503,
    'OWNER_CUSTOMER_REGISTER_UNAVAILABLE',
    "S-Group's owner-customer register cannot be reached; nothing was recorded, try again shortly",
  ],
};

/** Maps use-case outcomes to HTTP: the status, the body, and the outcome the audit line records. */
export function presentGrant(outcome: GrantConsentOutcome, res: HttpResponse): RegistrationDto {
  switch (outcome.kind) {
    case 'granted':
    case 'replaced':
      res.locals[AUDIT_OUTCOME] = outcome.kind === 'granted' ? 'GRANTED' : 'REPLACED';
      res.status(201);
      return registrationDto(
        outcome.registration,
        outcome.kind === 'replaced' ? outcome.replaced.registrationId : null,
      );
    case 'already-active':
      // Idempotent repeat: the same registration, no new event.
      res.locals[AUDIT_OUTCOME] = 'ALREADY_ACTIVE';
      res.status(200);
      return registrationDto(outcome.registration, null);
    default:
      throw refusal(res, ...REFUSALS[outcome.kind]);
  }
}

export function presentRevoke(outcome: RevokeConsentOutcome, res: HttpResponse): RegistrationDto {
  if (outcome.kind === 'nothing-active')
    throw refusal(res, 404, 'NO_ACTIVE_REGISTRATION', 'the customer has no active registration to revoke');
  res.locals[AUDIT_OUTCOME] = 'REVOKED';
  // Not in the request when omitted (the grant's channel then): the audit line records the revocation's own.
  res.locals[AUDIT_CHANNEL] = outcome.channel;
  return {
    ...registrationDto(outcome.registration, null),
    status: 'REVOKED',
    revokedAt: outcome.revokedAt.toISOString(),
    revokedBy: outcome.revokedBy,
  };
}

export function presentState(view: RegistrationView, res: HttpResponse): RegistrationStateDto {
  const status = view.active ? 'ACTIVE' : view.history.length > 0 ? 'REVOKED' : 'NOT_REGISTERED';
  res.locals[AUDIT_OUTCOME] = `READ_${status}`;
  return {
    customerId: view.customerId,
    status,
    current: view.active ? registrationDto(view.active, null) : null,
    history: view.history.map(({ memberNumber, effectiveAt, ...entry }) => ({
      ...entry,
      memberNumberMasked: maskMemberNumber(memberNumber),
      effectiveAt: effectiveAt.toISOString(),
    })),
  };
}

function registrationDto(r: Registration, replacedRegistrationId: string | null): RegistrationDto {
  return {
    registrationId: r.registrationId,
    customerId: r.customerId,
    status: 'ACTIVE',
    memberNumberMasked: maskMemberNumber(r.memberNumber),
    householdId: r.householdId,
    channel: r.channel,
    recordedBy: r.recordedBy,
    effectiveAt: r.effectiveAt.toISOString(),
    replacedRegistrationId,
  };
}

function refusal(res: HttpResponse, statusCode: number, code: RefusalCode, message: string): HttpException {
  res.locals[AUDIT_OUTCOME] = code;
  return new HttpException({ statusCode, code, message }, statusCode);
}
