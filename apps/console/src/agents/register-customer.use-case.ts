import { Inject, Injectable } from '@nestjs/common';
import { Refusal, refusalOf } from './refusal';
import { REGISTRATION_API, RegisterRequest, Registration, RegistrationApi } from './registration-api.port';

export type RegisterCustomerOutcome =
  | { kind: 'registered' | 'replaced' | 'already-active'; registration: Registration }
  | { kind: 'refused'; refusal: Refusal };

/** Registers the member number the customer gave, with their consent (R6), through the agent's own key. */
@Injectable()
export class RegisterCustomerUseCase {
  constructor(@Inject(REGISTRATION_API) private readonly api: RegistrationApi) {}

  async execute(key: string, request: RegisterRequest): Promise<RegisterCustomerOutcome> {
    const answer = await this.api.register(key, request);
    if (answer.kind !== 'ok') return { kind: 'refused', refusal: refusalOf(answer) };
    // 200: the same member number was already active; 201: granted, or replaced another number.
    if (answer.status === 200) return { kind: 'already-active', registration: answer.body };
    return { kind: answer.body.replacedRegistrationId ? 'replaced' : 'registered', registration: answer.body };
  }
}
