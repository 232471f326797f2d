import { LOCK_STRIPES, stripeOf } from './subject-locks.repository';

describe('stripeOf', () => {
  it('is stable across processes (fixed values) and stays within the stripe count', () => {
    expect(stripeOf('C-1001')).toBe(stripeOf('C-1001'));
    expect([stripeOf(''), stripeOf('C-1001'), stripeOf('K-5001')]).toEqual([0x811c9dc5 % LOCK_STRIPES, expect.any(Number), expect.any(Number)]);
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
