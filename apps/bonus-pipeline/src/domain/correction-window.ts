const DAY_MS = 86_400_000;

/**
 * A contract or consent change corrects only invoices issued at or after this instant (processing
 * time minus the window); older invoices keep what was sent. Invoices and credit notes themselves
 * are always judged, whatever their age.
 */
export function correctionWindowStart(now: Date, windowDays: number): Date {
  return new Date(now.getTime() - windowDays * DAY_MS);
}
