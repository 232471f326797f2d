export const SESSION_COOKIE = 'console_session';
export const SIGN_IN_COOKIE = 'console_sign_in';

export function parseCookies(header: string | string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of (Array.isArray(header) ? header.join(';') : (header ?? '')).split(';')) {
    const part = raw.trim();
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    if (Object.hasOwn(out, name)) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A value that is not percent-encoded UTF-8 is not ours.
    }
  }
  return out;
}

export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  /** Seconds; omitted for a browser-session cookie; 0 deletes it. */
  maxAge?: number;
}

/** Always SameSite=Strict and Path=/: no other site's page can make the browser send it. */
export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    'SameSite=Strict',
    o.httpOnly ? 'HttpOnly' : null,
    o.secure ? 'Secure' : null,
    o.maxAge === undefined ? null : `Max-Age=${o.maxAge}`,
  ]
    .filter((p) => p !== null)
    .join('; ');
}
