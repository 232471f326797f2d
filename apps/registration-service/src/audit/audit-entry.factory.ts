import { MEMBER_NUMBER_PATTERN, REGISTRATION_CHANNELS, maskMemberNumber } from '@sa/contracts';
import { AuditEntry } from './audit-trail.port';

// Control characters in a path segment would garble the audit table; they are shown as '?'.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

export interface FinishedRequest {
  method: string;
  path: string;
  body: unknown;
  /** The parsed query string: a revocation's `?channel=`. */
  query: unknown;
  agentId: string | undefined;
  status: number;
  /** Set by the presenter for outcomes a status alone does not name (GRANTED, NOT_OWNER_CUSTOMER, …). */
  outcome: string | undefined;
  /** Set by the presenter when the channel recorded is not the request's own (a revocation without `?channel`). */
  channel: string | undefined;
}

// HEAD is answered by the GET handler: a read.
const ACTIONS: Record<string, AuditEntry['action']> = { POST: 'REGISTER', DELETE: 'REVOKE', GET: 'READ', HEAD: 'READ' };
const BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  503: 'REGISTER_UNAVAILABLE',
};

/**
 * Builds the audit line from whatever the request carried. Untrusted values are cut to size and a
 * member number is kept masked only; a value that is not even plausible is not kept at all.
 */
export function auditEntryFor(request: FinishedRequest, at: Date): AuditEntry {
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
    string,
    unknown
  >;
  const pathCustomer = /^\/v1\/registrations\/([^/?]+)/.exec(request.path)?.[1];
  const customerId =
    pathCustomer !== undefined
      ? safeDecode(pathCustomer)
      : typeof body.customerId === 'string'
        ? body.customerId
        : null;
  // An unauthenticated request is audited from its headers and path alone, as it was answered.
  const query = (
    request.agentId !== undefined && typeof request.query === 'object' && request.query !== null ? request.query : {}
  ) as Record<string, unknown>;
  // POST names the channel in its body, DELETE in its query string (how the customer asked to revoke).
  const channel = request.channel ?? knownChannel(request.method === 'DELETE' ? query.channel : body.channel) ?? null;
  const memberNumber =
    typeof body.memberNumber === 'string' && MEMBER_NUMBER_PATTERN.test(body.memberNumber)
      ? maskMemberNumber(body.memberNumber)
      : null;
  return {
    at,
    agentId: request.agentId ?? null,
    action: ACTIONS[request.method] ?? 'UNKNOWN',
    customerId: customerId === null ? null : customerId.replace(CONTROL_CHARACTERS, '?').slice(0, 128),
    channel,
    memberNumberMasked: memberNumber,
    httpStatus: request.status,
    outcome:
      request.outcome ?? BY_STATUS[request.status] ?? (request.status >= 500 ? 'ERROR' : `HTTP_${request.status}`),
  };
}

function knownChannel(value: unknown): string | undefined {
  return typeof value === 'string' && (REGISTRATION_CHANNELS as readonly string[]).includes(value) ? value : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
