import { mediaTypeFault, nestsDeeperThan, unknownFields } from './request-body.rules';

describe('nestsDeeperThan', () => {
  const nested = (depth: number) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown;

  it('counts a top-level object or array as depth 1 and ignores primitives', () => {
    expect(nestsDeeperThan({ a: 1, b: 'x' }, 1)).toBe(false);
    expect(nestsDeeperThan({ a: { b: 1 } }, 1)).toBe(true);
    expect(nestsDeeperThan('just a string', 0)).toBe(false);
    expect(nestsDeeperThan(nested(16), 16)).toBe(false);
    expect(nestsDeeperThan(nested(17), 16)).toBe(true);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(nestsDeeperThan(nested(100_000), 16)).toBe(true);
  });

  it('finds the deep branch among shallow siblings', () => {
    expect(nestsDeeperThan({ a: 1, b: [1, 2], c: { d: { e: { f: {} } } } }, 4)).toBe(true);
  });
});

describe('mediaTypeFault', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;Charset="UTF-8"',
    'application/json;charset=utf8',
  ])('accepts %s', (type) => {
    expect(mediaTypeFault(type)).toBeNull();
  });

  it.each([
    [undefined, /no Content-Type/],
    ['', /no Content-Type/],
    ['text/plain', /text\/plain is not supported/],
    ['application/x-www-form-urlencoded', /not supported/],
    ['application/json-patch+json', /not supported/],
    ['application/json; charset=latin1', /charset latin1 is not supported/],
    ['application/json; charset=utf-16', /charset utf-16/],
  ])('refuses %s', (type, message) => {
    expect(mediaTypeFault(type)).toMatch(message);
  });
});

describe('unknownFields', () => {
  const known = new Set(['customerId', 'consent']);

  it('names keys a transformer would drop or delete silently', () => {
    const body = JSON.parse(
      '{"customerId":"C-1","__proto__":{"x":1},"constructor":1,"prototype":2,"consent":true}',
    ) as object;
    expect(unknownFields(body, known)).toEqual(['__proto__', 'constructor', 'prototype']);
  });

  it('names nothing for a body with only known keys', () => {
    expect(unknownFields({ customerId: 'C-1' }, known)).toEqual([]);
  });
});
