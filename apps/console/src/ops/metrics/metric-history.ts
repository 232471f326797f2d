import { PromSample } from './prometheus-text';

export interface Sample {
  at: Date;
  metrics: PromSample[];
}

export interface Point {
  at: Date;
  value: number;
}

export interface Series {
  name: string;
  points: Point[];
}

/** The samples of the last `windowMs`, oldest first; older ones are dropped as new ones come. */
export class MetricHistory {
  private samples: Sample[] = [];

  constructor(private readonly windowMs: number) {}

  add(sample: Sample): void {
    const from = sample.at.getTime() - this.windowMs;
    this.samples = [...this.samples.filter((s) => s.at.getTime() >= from), sample];
  }

  get all(): readonly Sample[] {
    return this.samples;
  }

  get last(): Sample | null {
    return this.samples.at(-1) ?? null;
  }

  /** Per second between consecutive samples, summed over every label; a counter reset counts from zero. */
  rate(name: string): Series {
    const points: Point[] = [];
    for (let i = 1; i < this.samples.length; i++) {
      const [a, b] = [this.samples[i - 1], this.samples[i]];
      const seconds = (b.at.getTime() - a.at.getTime()) / 1000;
      if (seconds <= 0) continue;
      const [before, after] = [sum(a, name), sum(b, name)];
      points.push({ at: b.at, value: (after >= before ? after - before : after) / seconds });
    }
    return { name, points };
  }

  /** A gauge summed per value of `label` (lag per topic over its partitions), one series each. */
  gaugeBy(name: string, label: string): Series[] {
    const keys = new Set(
      this.samples.flatMap((s) => s.metrics.filter((m) => m.name === name).map((m) => m.labels[label] ?? '')),
    );
    return [...keys].sort().map((key) => ({
      name: key,
      points: this.samples.map((s) => ({ at: s.at, value: sum(s, name, (m) => (m.labels[label] ?? '') === key) })),
    }));
  }

  /**
   * How much a counter grew over the window per value of `label` (first to last sample, or from zero when the
   * process started inside the window; a reset counts from zero); labels that did not grow are left out.
   */
  increaseBy(name: string, label: string): Array<{ label: string; value: number }> {
    const first = this.samples[0];
    const last = this.last;
    if (!first || !last) return [];
    // A process started inside the window counted all of it inside the window: its counters grew from zero.
    const startedMs = max(last, 'process_start_time_seconds') * 1000;
    const fromZero = this.samples.length === 1 || startedMs >= last.at.getTime() - this.windowMs;
    const keys = new Set(last.metrics.filter((m) => m.name === name).map((m) => m.labels[label] ?? ''));
    return [...keys]
      .map((key) => {
        const match = (m: PromSample) => (m.labels[label] ?? '') === key;
        const [before, after] = [fromZero ? 0 : sum(first, name, match), sum(last, name, match)];
        return { label: key, value: after >= before ? after - before : after };
      })
      .filter((entry) => entry.value > 0)
      .sort((x, y) => y.value - x.value || x.label.localeCompare(y.label));
  }
}

function sum(sample: Sample, name: string, match: (m: PromSample) => boolean = () => true): number {
  return sample.metrics.filter((m) => m.name === name && match(m)).reduce((total, m) => total + m.value, 0);
}

function max(sample: Sample, name: string): number {
  return sample.metrics.filter((m) => m.name === name).reduce((top, m) => Math.max(top, m.value), 0);
}
