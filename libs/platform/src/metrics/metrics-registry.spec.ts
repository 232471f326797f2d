import { createMetricsRegistry, registerSampledGauge } from './metrics-registry';

describe('createMetricsRegistry', () => {
  it('gives each service its own registry with process metrics labelled by service', async () => {
    const a = createMetricsRegistry('service-a');
    const b = createMetricsRegistry('service-b');
    expect(a).not.toBe(b);
    const text = await a.metrics();
    expect(text).toMatch(/^process_resident_memory_bytes\{service="service-a"\} \d+/m);
    expect(text).toContain('nodejs_eventloop_lag_seconds{service="service-a"}');
    expect(text).not.toContain('service-b');
  });
});

describe('registerSampledGauge', () => {
  it('reads its values at scrape time and drops series no longer sampled', async () => {
    const registry = createMetricsRegistry('s');
    let samples = [
      { labels: { topic: 't', partition: 0 }, value: 7 },
      { labels: { topic: 't', partition: 1 }, value: 2 },
    ];
    registerSampledGauge(
      registry,
      { name: 'lag', help: 'lag', labelNames: ['topic', 'partition'] },
      async () => samples,
      () => undefined,
    );
    expect(await registry.getSingleMetricAsString('lag')).toContain('lag{topic="t",partition="1",service="s"} 2');
    samples = [{ labels: { topic: 't', partition: 0 }, value: 0 }];
    const text = await registry.getSingleMetricAsString('lag');
    expect(text).toContain('lag{topic="t",partition="0",service="s"} 0');
    expect(text).not.toContain('partition="1"');
  });
});

describe('a sampled gauge whose read fails', () => {
  it('shows NaN rather than 0 and tells the error, while the rest of the scrape answers', async () => {
    const registry = createMetricsRegistry('s');
    const errors: string[] = [];
    registerSampledGauge(
      registry,
      { name: 'outbox_backlog_rows', help: 'rows' },
      () => Promise.reject(new Error('database down')),
      (error) => errors.push(error.message),
    );
    const text = await registry.metrics();
    expect(text).toContain('process_resident_memory_bytes');
    // prom-client writes `Nan`; Prometheus reads NaN in any case.
    expect(text).toMatch(/^outbox_backlog_rows\{service="s"\} nan$/im);
    expect(errors).toEqual(['database down']);
  });
});
