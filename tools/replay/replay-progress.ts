/** One input partition of a replay: where it starts, the end it must reach, and what the group has committed. */
export interface PartitionPosition {
  topic: string;
  partition: number;
  start: bigint;
  end: bigint;
  /** The group's committed offset (-1: none yet). */
  committed: bigint;
}

export interface ReplayProgress {
  total: number;
  done: number;
  lag: number;
  recordsPerSecond: number;
  /** Seconds to go at the rate so far (NaN before anything was done). */
  etaSeconds: number;
}

/** Records done and left over every partition, the average rate since the start, and the time to go at it. */
export function replayProgress(positions: readonly PartitionPosition[], elapsedMs: number): ReplayProgress {
  let total = 0n;
  let done = 0n;
  for (const p of positions) {
    if (p.end <= p.start) continue;
    total += p.end - p.start;
    const at = p.committed < p.start ? p.start : p.committed > p.end ? p.end : p.committed;
    done += at - p.start;
  }
  const rate = elapsedMs > 0 ? (Number(done) * 1000) / elapsedMs : 0;
  const lag = Number(total - done);
  return {
    total: Number(total),
    done: Number(done),
    lag,
    recordsPerSecond: rate,
    etaSeconds: lag === 0 ? 0 : rate > 0 ? lag / rate : NaN,
  };
}

/** One progress line: `12,000/40,000 records (30 %), 2,100 records/s, lag 28,000, ETA 13 s`. */
export function progressLine(p: ReplayProgress): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const pct = p.total === 0 ? 100 : Math.floor((p.done * 100) / p.total);
  const eta = Number.isNaN(p.etaSeconds) ? '?' : `${Math.ceil(p.etaSeconds)} s`;
  const rate = `${n(p.recordsPerSecond)} records/s`;
  return `${n(p.done)}/${n(p.total)} records (${pct} %), ${rate}, lag ${n(p.lag)}, ETA ${eta}`;
}
