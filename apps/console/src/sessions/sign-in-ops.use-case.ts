import { Inject, Injectable } from '@nestjs/common';
import { PIPELINE_API, PipelineApi } from '../ops/pipeline-api.port';
import { Sessions } from './sessions';
import { SignInOutcome } from './sign-in-agent.use-case';

/** An ops user signs in with their ops token; the pipeline (OPS_CREDENTIALS) says whether it knows it. */
@Injectable()
export class SignInOpsUseCase {
  constructor(
    @Inject(PIPELINE_API) private readonly pipeline: PipelineApi,
    private readonly sessions: Sessions,
  ) {}

  async execute(token: string): Promise<SignInOutcome> {
    if (token === '') return { kind: 'wrong-credentials' };
    const answer = await this.pipeline.verify(token);
    if (answer.kind === 'unauthorized') return { kind: 'wrong-credentials' };
    if (answer.kind === 'unreachable') return { kind: 'unavailable' };
    // Known token (a 403 would still be a known one, only with too low a role for that endpoint).
    return { kind: 'signed-in', sessionId: await this.sessions.open({ kind: 'ops' }, token) };
  }
}
