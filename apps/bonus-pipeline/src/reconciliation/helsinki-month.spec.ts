import { helsinkiMonth, helsinkiMonthOf, parseHelsinkiMonth } from './helsinki-month';

describe('helsinkiMonth', () => {
  it('a winter month runs from midnight +02:00 to midnight +02:00', () => {
    const m = helsinkiMonth(2026, 1);
    expect(m.start.toISOString()).toBe('2025-12-31T22:00:00.000Z');
    expect(m.end.toISOString()).toBe('2026-01-31T22:00:00.000Z');
  });

  it('a summer month runs from midnight +03:00 to midnight +03:00', () => {
    const m = helsinkiMonth(2026, 7);
    expect(m.start.toISOString()).toBe('2026-06-30T21:00:00.000Z');
    expect(m.end.toISOString()).toBe('2026-07-31T21:00:00.000Z');
  });

  it('March (clocks forward on its last Sunday) starts at +02:00 and ends at +03:00: one hour shorter', () => {
    const m = helsinkiMonth(2026, 3);
    expect(m.start.toISOString()).toBe('2026-02-28T22:00:00.000Z');
    expect(m.end.toISOString()).toBe('2026-03-31T21:00:00.000Z');
    expect(m.end.getTime() - m.start.getTime()).toBe(31 * 86_400_000 - 3_600_000);
  });

  it('October (clocks back on its last Sunday) starts at +03:00 and ends at +02:00: one hour longer', () => {
    const m = helsinkiMonth(2026, 10);
    expect(m.start.toISOString()).toBe('2026-09-30T21:00:00.000Z');
    expect(m.end.toISOString()).toBe('2026-10-31T22:00:00.000Z');
    expect(m.end.getTime() - m.start.getTime()).toBe(31 * 86_400_000 + 3_600_000);
  });

  it('December ends where next January starts (the year rolls over)', () => {
    const dec = helsinkiMonth(2026, 12);
    expect(dec.month).toBe('2026-12');
    expect(dec.end).toEqual(helsinkiMonth(2027, 1).start);
    expect(dec.end.toISOString()).toBe('2026-12-31T22:00:00.000Z');
  });

  it('consecutive months tile the year with no gap or overlap', () => {
    for (let month = 1; month < 12; month++) {
      expect(helsinkiMonth(2027, month).end).toEqual(helsinkiMonth(2027, month + 1).start);
    }
  });

  it('an instant just before Helsinki midnight is in the earlier month, midnight itself in the later', () => {
    const { start } = helsinkiMonth(2026, 11);
    expect(helsinkiMonthOf(new Date(start.getTime() - 1000))).toBe('2026-10');
    expect(helsinkiMonthOf(start)).toBe('2026-11');
    // 23:30 UTC on 31 October is already 1 November in Helsinki.
    expect(helsinkiMonthOf(new Date('2026-10-31T23:30:00Z'))).toBe('2026-11');
  });
});

describe('parseHelsinkiMonth', () => {
  it('accepts YYYY-MM', () => {
    const parsed = parseHelsinkiMonth('2026-11');
    expect(parsed).toEqual({ ok: true, month: helsinkiMonth(2026, 11) });
  });

  it.each([undefined, '', '2026-13', '2026-00', '2026-1', '26-11', '2026-11-01', '2026/11', ' 2026-11', ['2026-11']])(
    'refuses %p, naming the format',
    (text) => {
      expect(parseHelsinkiMonth(text)).toEqual({ ok: false, message: expect.stringContaining('YYYY-MM') });
    },
  );

  it('refuses years outside 2000–2999', () => {
    expect(parseHelsinkiMonth('1999-12')).toEqual({ ok: false, message: expect.stringContaining('2000-01') });
  });
});
