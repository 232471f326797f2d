const DAY_MS = 86_400_000;

/** The correction window, in milliseconds. */
export function correctionWindowMs(windowDays: number): number {
  return windowDays * DAY_MS;
}

/** Which facts count when an invoice is judged. */
export interface FactWindow {
  /** BONUS_CORRECTION_WINDOW_DAYS in ms. */
  windowMs: number;
  /** Facts that count whatever their recordedAt: only to tell what a late fact would have changed. */
  alsoEffective?: ReadonlySet<string>;
}

/**
 * When facts stop counting for an invoice: the later of the moment the invoice was recorded and the end of its
 * correction window (issuedAt + window). Invoices recorded before recordedAt was kept: the end of the window.
 */
export function factsCloseAt(invoice: { issuedAtMs: number; recordedAtMs?: number | null }, windowMs: number): number {
  return Math.max(invoice.issuedAtMs + windowMs, invoice.recordedAtMs ?? -Infinity);
}

/**
 * A fact counts for an invoice only if it was recorded by `factsCloseAt`: before the invoice arrived (its
 * first judgement met it), or while the invoice was inside the correction window (the fact batch corrected
 * it then). A fact recorded later never counts for that invoice, so a credit note re-judging it meets exactly
 * the facts its last settlement met and can only take back (at most itself). Facts recorded before
 * recordedAt was kept count for every invoice.
 */
export function effectiveFacts<F extends { eventId: string; recordedAtMs?: number | null }>(
  history: readonly F[],
  invoice: { issuedAtMs: number; recordedAtMs?: number | null },
  window: FactWindow,
): readonly F[] {
  const closesAt = factsCloseAt(invoice, window.windowMs);
  const counts = (f: F) =>
    f.recordedAtMs === null ||
    f.recordedAtMs === undefined ||
    f.recordedAtMs <= closesAt ||
    !!window.alsoEffective?.has(f.eventId);
  // The common case: every fact counts, no copy.
  return history.every(counts) ? history : history.filter(counts);
}
