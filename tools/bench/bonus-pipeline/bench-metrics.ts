import { parsePrometheusText, PrometheusSample, sumOf } from '../../infra/prometheus-text';

/** What the benchmark read from the pipelines' `/metrics` while it ran, and at the end. */
export interface ScrapedFigures {
  scrapes: number;
  failedScrapes: number;
  slowestScrapeMs: number;
  peakBacklogRows: number;
  peakOldestRowAgeSeconds: number;
  peakConsumerLag: number;
  /** From the last scrape, summed over the processes. */
  invoicesConsumed: number;
  decisions: number;
  purchasesRecorded: number;
  deadLetters: number;
  databaseRetries: number;
  meanBatchMs: number;
  meanPublishPassMs: number;
}

/**
 * Scrapes each pipeline's `/metrics` with an ops viewer token every `everyMs` (as a Prometheus
 * server would), so the metrics are on and exercised while the benchmark measures, and keeps the
 * peaks of the gauges. `stop` scrapes once more and returns the figures.
 */
export class MetricsScraper {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private last = new Map<string, PrometheusSample[]>();
  private readonly figures = {
    scrapes: 0,
    failedScrapes: 0,
    slowestScrapeMs: 0,
    peakBacklogRows: 0,
    peakOldestRowAgeSeconds: 0,
    peakConsumerLag: 0,
  };

  constructor(
    private readonly urls: string[],
    private readonly token: string,
    private readonly invoicesTopic: string,
    private readonly everyMs = 5000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.inFlight = this.inFlight.then(() => this.scrapeAll());
    }, this.everyMs);
  }

  async stop(): Promise<ScrapedFigures> {
    clearInterval(this.timer);
    await this.inFlight;
    await this.scrapeAll();
    const samples = [...this.last.values()].flat();
    const sum = (name: string, labels: Record<string, string> = {}) => sumOf(samples, name, labels) ?? 0;
    const mean = (name: string) => (1000 * sum(`${name}_sum`)) / Math.max(1, sum(`${name}_count`));
    return {
      ...this.figures,
      invoicesConsumed: sum('bonus_inputs_total', { topic: this.invoicesTopic }),
      decisions: sum('bonus_decisions_total'),
      purchasesRecorded: sum('bonus_purchases_total', { event_type: 'BonusPurchaseRecorded' }),
      deadLetters: sum('bonus_dead_letters_total'),
      databaseRetries: sum('bonus_database_retries_total'),
      meanBatchMs: mean('bonus_batch_duration_seconds'),
      meanPublishPassMs: mean('outbox_publish_duration_seconds'),
    };
  }

  private async scrapeAll(): Promise<void> {
    const scraped = await Promise.all(this.urls.map((url) => this.scrape(url)));
    // Every process reads the same outbox and consumer group: the gauges are the largest any reported.
    const gauge = (name: string) => Math.max(0, ...scraped.map((s) => (s ? (sumOf(s, name) ?? 0) : 0)));
    this.figures.peakBacklogRows = Math.max(this.figures.peakBacklogRows, gauge('outbox_backlog_rows'));
    this.figures.peakOldestRowAgeSeconds = Math.max(
      this.figures.peakOldestRowAgeSeconds,
      gauge('outbox_oldest_row_age_seconds'),
    );
    this.figures.peakConsumerLag = Math.max(this.figures.peakConsumerLag, gauge('kafka_consumer_lag'));
  }

  private async scrape(url: string): Promise<PrometheusSample[] | undefined> {
    const started = performance.now();
    try {
      const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${this.token}` } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const samples = parsePrometheusText(await response.text());
      this.last.set(url, samples);
      return samples;
    } catch {
      this.figures.failedScrapes++;
      return undefined;
    } finally {
      this.figures.scrapes++;
      this.figures.slowestScrapeMs = Math.max(this.figures.slowestScrapeMs, performance.now() - started);
    }
  }
}

/** The report's lines for what was scraped. */
export function scrapedLines(f: ScrapedFigures): string[] {
  return [
    `metrics scrapes          ${f.scrapes} (${f.failedScrapes} failed), slowest ${Math.round(f.slowestScrapeMs)} ms`,
    `metrics: consumed        ${f.invoicesConsumed} invoices, ${f.decisions} decisions, ` +
      `${f.purchasesRecorded} purchases recorded, ${f.deadLetters} dead letters, ${f.databaseRetries} retries`,
    `metrics: peaks           consumer lag ${f.peakConsumerLag}, outbox backlog ${f.peakBacklogRows} rows, ` +
      `oldest outbox row ${f.peakOldestRowAgeSeconds.toFixed(1)} s`,
    `metrics: means           batch ${f.meanBatchMs.toFixed(1)} ms, relay pass ${f.meanPublishPassMs.toFixed(1)} ms`,
  ];
}
