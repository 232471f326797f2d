import { groupBy, LOCK_STRIPES, stripeOf, withoutNul } from './bonus-sql';

describe('stripeOf', () => {
  it('is stable across processes (fixed values) and stays within the stripe count', () => {
    expect(stripeOf('C-1001')).toBe(stripeOf('C-1001'));
    expect([stripeOf(''), stripeOf('C-1001'), stripeOf('K-5001')]).toEqual([
      0x811c9dc5 % LOCK_STRIPES,
      expect.any(Number),
      expect.any(Number),
    ]);
    for (let i = 0; i < 5000; i++) {
      const s = stripeOf(`C-${i}`);
      expect(s >= 0 && s < LOCK_STRIPES && Number.isInteger(s)).toBe(true);
    }
  });

  it('spreads ids over the stripes (no stripe gets more than three times its share)', () => {
    const counts = new Array<number>(LOCK_STRIPES).fill(0);
    for (let i = 0; i < 100_000; i++) counts[stripeOf(`C-${i}`)]++;
    expect(Math.max(...counts)).toBeLessThan((3 * 100_000) / LOCK_STRIPES);
    expect(Math.min(...counts)).toBeGreaterThan(0);
  });
});

describe('groupBy', () => {
  it('groups rows by key, keeping row order within each group and first-seen order of keys', () => {
    const rows = [
      { k: 'b', n: 1 },
      { k: 'a', n: 2 },
      { k: 'b', n: 3 },
    ];
    expect([...groupBy(rows, (r) => r.k)]).toEqual([
      [
        'b',
        [
          { k: 'b', n: 1 },
          { k: 'b', n: 3 },
        ],
      ],
      ['a', [{ k: 'a', n: 2 }]],
    ]);
  });
});

describe('withoutNul', () => {
  it('stores a NUL quoted from the input as a visible escape (text and jsonb refuse NUL)', () => {
    expect(withoutNul('Unexpected token \u0000 in JSON')).toBe('Unexpected token \\u0000 in JSON');
    expect(withoutNul('no nul')).toBe('no nul');
  });
});
