/** Reconciliation months are calendar months in Finland: S-Group pays Bonus per Finnish calendar month. */
export const RECONCILIATION_TIME_ZONE = 'Europe/Helsinki';

/** A calendar month in Helsinki as the half-open interval of instants [start, end). */
export interface HelsinkiMonth {
  /** `YYYY-MM`. */
  month: string;
  /** Midnight of the 1st, Helsinki time. */
  start: Date;
  /** Midnight of the 1st of the next month, Helsinki time (excluded). */
  end: Date;
}

export type MonthParse = { ok: true; month: HelsinkiMonth } | { ok: false; message: string };

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` (2000–2999) → the month's instants; anything else → a message naming the rule. */
export function parseHelsinkiMonth(text: unknown): MonthParse {
  const match = typeof text === 'string' ? MONTH_PATTERN.exec(text) : null;
  if (!match) return { ok: false, message: 'month must be a calendar month written YYYY-MM, e.g. 2026-11' };
  const year = Number(match[1]);
  if (year < 2000 || year > 2999) return { ok: false, message: 'month must be between 2000-01 and 2999-12' };
  return { ok: true, month: helsinkiMonth(year, Number(match[2])) };
}

/** The instants of a Helsinki calendar month (`month` 1–12). */
export function helsinkiMonth(year: number, month: number): HelsinkiMonth {
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return {
    month: `${year}-${String(month).padStart(2, '0')}`,
    start: helsinkiMidnight(year, month, 1),
    end: helsinkiMidnight(next.year, next.month, 1),
  };
}

/**
 * The instant of local midnight in Helsinki. Finland changes clocks at 03:00/04:00 local time, so midnight
 * always exists exactly once; its offset (+02:00 in winter, +03:00 in summer) is the zone's at that instant.
 */
export function helsinkiMidnight(year: number, month: number, day: number): Date {
  const wallClockAsUtc = Date.UTC(year, month - 1, day);
  let instant = wallClockAsUtc - offsetMs(wallClockAsUtc);
  // The offset at the guess can differ from the offset at the answer only next to a clock change: look again.
  instant = wallClockAsUtc - offsetMs(instant);
  return new Date(instant);
}

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: RECONCILIATION_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Helsinki's offset from UTC at an instant, in ms (from the runtime's time zone data). */
function offsetMs(instantMs: number): number {
  const parts = Object.fromEntries(formatter.formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]));
  const wallClock = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wallClock - Math.floor(instantMs / 1000) * 1000;
}

/** The Helsinki month (`YYYY-MM`) an instant falls in. */
export function helsinkiMonthOf(instant: Date): string {
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}`;
}
