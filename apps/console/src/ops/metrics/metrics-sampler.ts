import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { CONSOLE_CONFIG, ConsoleConfig } from '../../config/console.config';
import { PIPELINE_API, PipelineApi } from '../pipeline-api.port';
import { MetricHistory } from './metric-history';
import { parsePrometheusText } from './prometheus-text';

const HOUR_MS = 3_600_000;

/**
 * Reads the pipeline's /metrics every METRICS_SAMPLE_SECONDS with the console's own ops token and keeps
 * the last hour in memory (each console instance its own: the charts are a view, not a record).
 */
@Injectable()
export class MetricsSampler implements OnModuleInit, OnApplicationShutdown {
  readonly history = new MetricHistory(HOUR_MS);
  lastFailure: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private readonly log = new Logger('Metrics');

  constructor(
    @Inject(PIPELINE_API) private readonly pipeline: PipelineApi,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  get enabled(): boolean {
    return this.config.metrics.token !== null;
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.config.metrics.sampleMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sample(): Promise<void> {
    const answer = await this.pipeline.metricsText(this.config.metrics.token!);
    if (answer.kind === 'ok') {
      this.history.add({ at: new Date(), metrics: parsePrometheusText(answer.body) });
      this.lastFailure = null;
      return;
    }
    const reason =
      answer.kind === 'unreachable' ? answer.reason : answer.kind === 'refused' ? `HTTP ${answer.status}` : answer.kind;
    if (this.lastFailure !== reason) this.log.warn({ message: 'could not read the pipeline metrics', reason });
    this.lastFailure = reason;
  }
}
