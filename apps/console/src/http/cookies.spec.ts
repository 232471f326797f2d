import { parseCookies, serializeCookie } from './cookies';

describe('cookies', () => {
  it('parses a Cookie header, first value wins, undecodable values skipped', () => {
    expect(parseCookies('a=1; b=x%20y; a=2; c=%ff; =z; d')).toEqual({ a: '1', b: 'x y' });
    expect(parseCookies(undefined)).toEqual({});
  });

  it('writes httpOnly, SameSite=Strict cookies, Secure when asked', () => {
    expect(serializeCookie('s', 'v', { httpOnly: true, secure: false })).toBe('s=v; Path=/; SameSite=Strict; HttpOnly');
    expect(serializeCookie('s', '', { httpOnly: true, secure: true, maxAge: 0 })).toBe(
      's=; Path=/; SameSite=Strict; HttpOnly; Secure; Max-Age=0',
    );
  });
});
