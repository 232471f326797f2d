import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { OpsAccess } from '../ops-access/ops-access.guard';
import { METRICS_REGISTRY } from './metrics-registry';

/**
 * `GET /metrics`: the app's registry in Prometheus' text exposition format. An ops endpoint: a
 * viewer token is enough (Prometheus presents it with `authorization: { credentials_file: … }`).
 */
@ApiExcludeController()
@OpsAccess('viewer')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  async scrape(@Res({ passthrough: true }) res: { setHeader(name: string, value: string): void }): Promise<string> {
    const body = await this.registry.metrics();
    res.setHeader('Content-Type', this.registry.contentType);
    return body;
  }
}
