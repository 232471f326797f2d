import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** Who a session belongs to: an agent (by the agent id their key was issued to) or an ops user. */
export type Principal = { kind: 'agent'; agentId: string } | { kind: 'ops' };

/** What the store keeps: nothing in it lets anyone act without the cookie's session id. */
export interface StoredSession {
  /** SHA-256 of the session id: the id itself exists only in the browser's cookie. */
  idHash: Buffer;
  principal: Principal;
  /** The agent's API key or the ops token, sealed with a key derived from the session id. */
  sealedCredential: Buffer;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
}

export interface SessionLifetimes {
  idleMs: number;
  maxMs: number;
}

/** A session in use: the principal, the credential the console calls the APIs with, and the form token. */
export interface LiveSession {
  principal: Principal;
  credential: string;
  csrfToken: string;
}

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sessionIdHash(sessionId: string): Buffer {
  return createHash('sha256').update(sessionId).digest();
}

/** Over when unused for `idleMs` or `maxMs` after sign-in, whichever comes first. */
export function isLive(session: Pick<StoredSession, 'createdAt' | 'lastSeenAt'>, now: Date, l: SessionLifetimes) {
  const t = now.getTime();
  return t - session.lastSeenAt.getTime() < l.idleMs && t - session.createdAt.getTime() < l.maxMs;
}

// AES-256-GCM under a key derived from the session id: a copy of the sessions table holds no usable key.
function keyFor(sessionId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', sessionId, Buffer.alloc(0), 'console session credential', 32));
}

export function sealCredential(sessionId: string, credential: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(sessionId), iv);
  const body = Buffer.concat([cipher.update(credential, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** The credential, or null when the sealed value was not sealed for this session id. */
export function openCredential(sessionId: string, sealed: Buffer): string | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(sessionId), sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** Constant-time comparison of a submitted form token with the session's. */
export function csrfTokenMatches(expected: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const [a, b] = [Buffer.from(expected), Buffer.from(submitted)];
  return a.length === b.length && timingSafeEqual(a, b);
}
