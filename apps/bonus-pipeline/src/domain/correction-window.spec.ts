import { correctionWindowStart } from './correction-window';

describe('correctionWindowStart', () => {
  it('is processing time minus the window in whole days', () => {
    expect(correctionWindowStart(new Date('2026-11-23T08:00:00Z'), 400).toISOString()).toBe('2025-10-19T08:00:00.000Z');
    expect(correctionWindowStart(new Date('2026-11-23T08:00:00Z'), 0).toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });
});
