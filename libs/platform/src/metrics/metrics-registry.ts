import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/** DI token of the app's own prom-client Registry (never the global default one). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/**
 * A Registry of one service: every series carries `service`, and it holds prom-client's process
 * metrics (resident memory, heap, event loop lag, GC). Its own registry, not the global default, so
 * several apps started in one process (the e2e suites, the benchmark) keep their figures apart.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** One value of a gauge read at scrape time. */
export interface GaugeSample<L extends string> {
  labels: Record<L, string | number>;
  value: number;
}

/**
 * A gauge whose values are read when Prometheus scrapes (a database count, a broker offset) rather
 * than kept up to date on the hot path. Series that no longer appear in a sample disappear. A read
 * that fails is told to `onError` and leaves the gauge without series (NaN when it has no labels,
 * where prom-client would show 0): the rest of the scrape still answers (a database outage is when
 * the other figures matter most).
 */
export function registerSampledGauge<L extends string>(
  registry: Registry,
  definition: { name: string; help: string; labelNames?: readonly L[] },
  sample: () => Promise<GaugeSample<L>[]>,
  onError: (error: Error) => void,
): Gauge<L> {
  const unlabelled = (definition.labelNames ?? []).length === 0;
  return new Gauge<L>({
    name: definition.name,
    help: definition.help,
    labelNames: definition.labelNames ?? [],
    registers: [registry],
    async collect() {
      const samples = await sample().catch((error: Error) => {
        onError(error);
        return undefined;
      });
      this.reset();
      if (samples === undefined && unlabelled) this.set(NaN);
      for (const { labels, value } of samples ?? []) this.set(labels, value);
    },
  });
}
