import { csrfTokenMatches, isLive, newSessionId, openCredential, sealCredential, sessionIdHash } from './session';

const lifetimes = { idleMs: 30 * 60_000, maxMs: 8 * 3_600_000 };
const at = (iso: string) => new Date(iso);

describe('sessions', () => {
  it('are live until idle too long or past their absolute lifetime, whichever comes first', () => {
    const createdAt = at('2026-11-25T08:00:00Z');
    const session = (lastSeen: string) => ({ createdAt, lastSeenAt: at(lastSeen) });
    expect(isLive(session('2026-11-25T08:00:00Z'), at('2026-11-25T08:29:59Z'), lifetimes)).toBe(true);
    expect(isLive(session('2026-11-25T08:00:00Z'), at('2026-11-25T08:30:00Z'), lifetimes)).toBe(false);
    expect(isLive(session('2026-11-25T15:50:00Z'), at('2026-11-25T15:59:59Z'), lifetimes)).toBe(true);
    expect(isLive(session('2026-11-25T15:50:00Z'), at('2026-11-25T16:00:00Z'), lifetimes)).toBe(false);
  });

  it('seal the credential so only the session id opens it', () => {
    const id = newSessionId();
    const sealed = sealCredential(id, 'sak_0123456789ab_secret');
    expect(sealed.toString('utf8')).not.toContain('secret');
    expect(openCredential(id, sealed)).toBe('sak_0123456789ab_secret');
    expect(openCredential(newSessionId(), sealed)).toBeNull();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(openCredential(id, tampered)).toBeNull();
  });

  it('are stored under a hash of the id, never the id', () => {
    const id = newSessionId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sessionIdHash(id)).toHaveLength(32);
    expect(sessionIdHash(id).toString('base64url')).not.toBe(id);
  });

  it('accept a form token only when it is exactly the session one', () => {
    expect(csrfTokenMatches('abc', 'abc')).toBe(true);
    expect(csrfTokenMatches('abc', 'abd')).toBe(false);
    expect(csrfTokenMatches('abc', 'ab')).toBe(false);
    expect(csrfTokenMatches('abc', undefined)).toBe(false);
    expect(csrfTokenMatches('abc', ['abc'])).toBe(false);
  });
});
