import { Inject, Injectable } from '@nestjs/common';
import { UpstreamAnswer } from '../infrastructure/upstream-http';
import { PIPELINE_API, PipelineApi } from './pipeline-api.port';

export type RepublishOutcome =
  | { kind: 'republished'; count: number }
  | { kind: 'nothing-selected' }
  | { kind: 'failed'; answer: Exclude<UpstreamAnswer<unknown>, { kind: 'ok' }> };

/** Moves the selected parked outbox rows back to the outbox, so the relay publishes them again (operator role). */
@Injectable()
export class RepublishParkedUseCase {
  constructor(@Inject(PIPELINE_API) private readonly pipeline: PipelineApi) {}

  async execute(token: string, ids: string[]): Promise<RepublishOutcome> {
    if (ids.length === 0) return { kind: 'nothing-selected' };
    const answer = await this.pipeline.republish(token, [...new Set(ids)]);
    if (answer.kind !== 'ok') return { kind: 'failed', answer };
    return { kind: 'republished', count: Number(answer.body.republished ?? 0) };
  }
}
