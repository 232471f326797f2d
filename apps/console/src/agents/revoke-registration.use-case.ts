import { Inject, Injectable } from '@nestjs/common';
import { Refusal, refusalOf } from './refusal';
import { Channel, REGISTRATION_API, Registration, RegistrationApi } from './registration-api.port';

export type RevokeRegistrationOutcome =
  { kind: 'revoked'; registration: Registration } | { kind: 'refused'; refusal: Refusal };

/** Revokes the customer's consent from now (R6, R7), recording the channel the customer asked through. */
@Injectable()
export class RevokeRegistrationUseCase {
  constructor(@Inject(REGISTRATION_API) private readonly api: RegistrationApi) {}

  async execute(key: string, customerId: string, channel: Channel): Promise<RevokeRegistrationOutcome> {
    const answer = await this.api.revoke(key, customerId, channel);
    return answer.kind === 'ok'
      ? { kind: 'revoked', registration: answer.body }
      : { kind: 'refused', refusal: refusalOf(answer) };
  }
}
