import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Ops access is separate from agents' API keys: a short list of named operators and scrapers, each
 * with a role, given to every service in `OPS_CREDENTIALS` as `name:role:sha256-of-token` entries.
 * Only the digest is configured, so the environment never holds a usable token.
 */
export const OPS_ROLES = ['viewer', 'operator'] as const;
export type OpsRole = (typeof OPS_ROLES)[number];

/** viewer: read metrics, summaries, dead letters, reports. operator: also re-drive and republish. */
const ROLE_RANK: Record<OpsRole, number> = { viewer: 1, operator: 2 };

export interface OpsCredential {
  name: string;
  role: OpsRole;
  tokenSha256: string;
}

export const OPS_CREDENTIAL_PATTERN = /^[A-Za-z0-9._@-]{1,64}:(viewer|operator):[0-9a-f]{64}$/;

export function parseOpsCredentials(entries: string[]): OpsCredential[] {
  return entries.map((entry) => {
    if (!OPS_CREDENTIAL_PATTERN.test(entry)) throw new Error(`not name:role:sha256 — ${entry.slice(0, 80)}`);
    const [name, role, tokenSha256] = entry.split(':');
    return { name, role: role as OpsRole, tokenSha256 };
  });
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A new token and the entry that grants it; the token is shown once and never stored. */
export function newOpsCredential(name: string, role: OpsRole): { token: string; entry: string } {
  const token = `ops_${randomBytes(32).toString('base64url')}`;
  return { token, entry: `${name}:${role}:${sha256Hex(token)}` };
}

export type OpsAccessDecision =
  | { kind: 'allowed'; operator: string; role: OpsRole }
  | { kind: 'unauthenticated' }
  | { kind: 'forbidden'; operator: string; role: OpsRole; required: OpsRole };

/** The rule: a known token whose role ranks at least the one required. */
export function decideOpsAccess(
  credentials: readonly OpsCredential[],
  presentedToken: string | null,
  required: OpsRole,
): OpsAccessDecision {
  if (presentedToken === null || presentedToken.length === 0 || presentedToken.length > 512) {
    return { kind: 'unauthenticated' };
  }
  const digest = Buffer.from(sha256Hex(presentedToken), 'hex');
  // Compare every entry in constant time so the position of a match does not show in timing.
  let found: OpsCredential | undefined;
  for (const credential of credentials) {
    if (timingSafeEqual(digest, Buffer.from(credential.tokenSha256, 'hex'))) found ??= credential;
  }
  if (found === undefined) return { kind: 'unauthenticated' };
  if (ROLE_RANK[found.role] < ROLE_RANK[required]) {
    return { kind: 'forbidden', operator: found.name, role: found.role, required };
  }
  return { kind: 'allowed', operator: found.name, role: found.role };
}

/** `Authorization: Bearer <token>`; nothing else is read. */
export function bearerToken(authorization: string | string[] | undefined): string | null {
  if (typeof authorization !== 'string') return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  return match ? match[1] : null;
}
