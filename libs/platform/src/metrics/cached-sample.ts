/**
 * Wraps an expensive read (a database count, a broker round trip) so that scrapes share it: callers
 * within `ttlMs` of the last answer get that answer, and concurrent callers share the read in flight.
 * A failed read is not cached.
 */
export function cachedSample<T>(read: () => Promise<T>, ttlMs: number, now: () => number = Date.now): () => Promise<T> {
  let last: { at: number; value: T } | undefined;
  let inFlight: Promise<T> | undefined;
  return () => {
    if (last && now() - last.at < ttlMs) return Promise.resolve(last.value);
    inFlight ??= read()
      .then((value) => {
        last = { at: now(), value };
        return value;
      })
      .finally(() => (inFlight = undefined));
    return inFlight;
  };
}
