import { Inject, Injectable } from '@nestjs/common';
import { UpstreamAnswer } from '../infrastructure/upstream-http';
import { PIPELINE_API, PipelineApi, RedriveResult } from './pipeline-api.port';

export type RedriveOutcome =
  | { kind: 'redriven'; results: RedriveResult[] }
  | { kind: 'nothing-selected' }
  | { kind: 'failed'; answer: Exclude<UpstreamAnswer<unknown>, { kind: 'ok' }> };

/** Re-drives the selected dead letters through the pipeline (operator role), each with its own outcome. */
@Injectable()
export class RedriveDeadLettersUseCase {
  constructor(@Inject(PIPELINE_API) private readonly pipeline: PipelineApi) {}

  async execute(token: string, ids: string[]): Promise<RedriveOutcome> {
    if (ids.length === 0) return { kind: 'nothing-selected' };
    const answer = await this.pipeline.redrive(token, [...new Set(ids)]);
    return answer.kind === 'ok' ? { kind: 'redriven', results: answer.body.results } : { kind: 'failed', answer };
  }
}
