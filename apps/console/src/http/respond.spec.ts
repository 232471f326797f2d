import { field, fields, localPath } from './respond';

describe('request helpers', () => {
  it('redirects only to paths on this console', () => {
    expect(localPath('/customers?customerId=C-1', '/')).toBe('/customers?customerId=C-1');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', '/x\r\nSet-Cookie: a=b', 42])
      expect(localPath(bad, '/')).toBe('/');
  });

  it('reads single and repeated form fields, ignoring anything that is not a string', () => {
    expect(field({ a: ' x ' }, 'a')).toBe('x');
    expect(field({ a: ['x', 'y'] }, 'a')).toBe('');
    expect(fields({ ids: ['1', '', 2, '3'] }, 'ids')).toEqual(['1', '3']);
    expect(fields({ ids: '7' }, 'ids')).toEqual(['7']);
    expect(fields(undefined, 'ids')).toEqual([]);
  });
});
