import { MetricHistory } from './metric-history';
import { PromSample } from './prometheus-text';

const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, s));
const m = (name: string, value: number, labels: Record<string, string> = {}): PromSample => ({ name, labels, value });

describe('MetricHistory', () => {
  it('keeps only the window', () => {
    const h = new MetricHistory(30_000);
    for (const s of [0, 15, 30, 45]) h.add({ at: at(s), metrics: [] });
    expect(h.all.map((s) => s.at.getUTCSeconds())).toEqual([15, 30, 45]);
  });

  it('turns counters summed over labels into a rate per second, a reset counting from zero', () => {
    const h = new MetricHistory(3_600_000);
    h.add({ at: at(0), metrics: [m('in', 100, { topic: 'a' }), m('in', 50, { topic: 'b' })] });
    h.add({ at: at(10), metrics: [m('in', 150, { topic: 'a' }), m('in', 100, { topic: 'b' })] });
    h.add({ at: at(20), metrics: [m('in', 20, { topic: 'a' })] });
    expect(h.rate('in').points.map((p) => p.value)).toEqual([10, 2]);
  });

  it('sums a gauge per label value, one series each', () => {
    const h = new MetricHistory(3_600_000);
    const lag = (topic: string, partition: string, v: number) => m('lag', v, { topic, partition });
    h.add({ at: at(0), metrics: [lag('a', '0', 5), lag('a', '1', 7), lag('b', '0', 1)] });
    h.add({ at: at(15), metrics: [lag('a', '0', 0), lag('a', '1', 0)] });
    expect(h.gaugeBy('lag', 'topic')).toEqual([
      {
        name: 'a',
        points: [
          { at: at(0), value: 12 },
          { at: at(15), value: 0 },
        ],
      },
      {
        name: 'b',
        points: [
          { at: at(0), value: 1 },
          { at: at(15), value: 0 },
        ],
      },
    ]);
  });

  it('counts what a counter added over the window per label, largest first, leaving out what did not grow', () => {
    const h = new MetricHistory(3_600_000);
    const d = (reason: string, v: number) => m('decisions', v, { decision: 'SKIPPED', reason });
    h.add({ at: at(0), metrics: [d('NO_CONSENT', 10), d('UNCHANGED', 3)] });
    h.add({ at: at(15), metrics: [d('NO_CONSENT', 12), d('QUOTE_ONLY', 5), d('UNCHANGED', 3)] });
    expect(h.increaseBy('decisions', 'reason')).toEqual([
      { label: 'QUOTE_ONLY', value: 5 },
      { label: 'NO_CONSENT', value: 2 },
    ]);
  });

  it('counts from zero when the process started inside the window (what it counted before the first sample)', () => {
    const h = new MetricHistory(3_600_000);
    const started = m('process_start_time_seconds', at(0).getTime() / 1000 - 5);
    const dead = (v: number) => m('dead', v, { code: 'PROCESSING_FAILED' });
    h.add({ at: at(0), metrics: [started, dead(1)] });
    h.add({ at: at(15), metrics: [started, dead(1)] });
    expect(h.increaseBy('dead', 'code')).toEqual([{ label: 'PROCESSING_FAILED', value: 1 }]);
  });

  it('counts from the first sample when the process started before the window', () => {
    const h = new MetricHistory(10_000);
    const started = m('process_start_time_seconds', at(0).getTime() / 1000 - 3600);
    const dead = (v: number) => m('dead', v, { code: 'PROCESSING_FAILED' });
    h.add({ at: at(0), metrics: [started, dead(1)] });
    h.add({ at: at(5), metrics: [started, dead(3)] });
    expect(h.increaseBy('dead', 'code')).toEqual([{ label: 'PROCESSING_FAILED', value: 2 }]);
  });
});
