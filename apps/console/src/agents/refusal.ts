import { MessageKey } from '../i18n/messages.en';
import { UpstreamAnswer } from '../infrastructure/upstream-http';

/** Why the registration API said no, in the terms the agent's page explains (each has its own text). */
export type Refusal =
  | { reason: 'NO_CUSTOMER_RELATIONSHIP' }
  | { reason: 'NOT_OWNER_CUSTOMER' }
  | { reason: 'MEMBER_NUMBER_UNKNOWN' }
  | { reason: 'OWNER_CUSTOMER_REGISTER_UNAVAILABLE' }
  | { reason: 'CONSENT_REQUIRED' }
  | { reason: 'NO_ACTIVE_REGISTRATION' }
  /** 400: the API named the fields at fault (a member number that is not 10 digits above all). */
  | { reason: 'INVALID'; fields: Array<{ field: string; message: string }> }
  | { reason: 'UNAVAILABLE' }
  | { reason: 'KEY_REFUSED' };

const BY_CODE = new Set([
  'NO_CUSTOMER_RELATIONSHIP',
  'NOT_OWNER_CUSTOMER',
  'MEMBER_NUMBER_UNKNOWN',
  'OWNER_CUSTOMER_REGISTER_UNAVAILABLE',
  'CONSENT_REQUIRED',
  'NO_ACTIVE_REGISTRATION',
]);

/** Maps a non-ok answer of the registration API (docs/registration-api.md) to what the agent is told. */
export function refusalOf(answer: Exclude<UpstreamAnswer<unknown>, { kind: 'ok' }>): Refusal {
  switch (answer.kind) {
    case 'unauthorized':
    case 'forbidden':
      return { reason: 'KEY_REFUSED' };
    case 'unreachable':
      return { reason: 'UNAVAILABLE' };
    case 'refused':
      if (answer.code !== null && BY_CODE.has(answer.code)) return { reason: answer.code } as Refusal;
      if (answer.status === 400)
        return {
          reason: 'INVALID',
          fields: answer.fields.length
            ? answer.fields.map((f) => ({ field: f.field, message: f.message }))
            : [{ field: '', message: answer.message }],
        };
      // DEPENDENCY_UNAVAILABLE, AUTHENTICATION_UNAVAILABLE and anything unforeseen: nothing was recorded.
      return { reason: 'UNAVAILABLE' };
  }
}

export function refusalKey(refusal: Refusal): MessageKey {
  return `refusal${refusal.reason}`;
}
