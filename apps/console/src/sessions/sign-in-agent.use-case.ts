import { Inject, Injectable } from '@nestjs/common';
import { REGISTRATION_API, RegistrationApi } from '../agents/registration-api.port';
import { Sessions } from './sessions';

export type SignInOutcome =
  { kind: 'signed-in'; sessionId: string } | { kind: 'wrong-credentials' } | { kind: 'unavailable' };

/** An agent signs in with their agent id and API key; the registration API says whose key it is. */
@Injectable()
export class SignInAgentUseCase {
  constructor(
    @Inject(REGISTRATION_API) private readonly api: RegistrationApi,
    private readonly sessions: Sessions,
  ) {}

  async execute(agentId: string, apiKey: string): Promise<SignInOutcome> {
    if (agentId === '' || apiKey === '') return { kind: 'wrong-credentials' };
    const answer = await this.api.whoAmI(apiKey);
    if (answer.kind === 'unauthorized' || answer.kind === 'forbidden') return { kind: 'wrong-credentials' };
    if (answer.kind !== 'ok') return { kind: 'unavailable' };
    // A key is someone's: the id typed must be the one it was issued to.
    if (answer.body.agentId !== agentId) return { kind: 'wrong-credentials' };
    return { kind: 'signed-in', sessionId: await this.sessions.open({ kind: 'agent', agentId }, apiKey) };
  }
}
