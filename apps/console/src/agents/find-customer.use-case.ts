import { Inject, Injectable } from '@nestjs/common';
import { Refusal, refusalOf } from './refusal';
import { CustomerContracts, REGISTRATION_API, RegistrationApi, RegistrationState } from './registration-api.port';

export type FindCustomerOutcome =
  | { kind: 'found'; contracts: CustomerContracts; registration: RegistrationState }
  | { kind: 'refused'; refusal: Refusal };

/** A customer as an agent sees them: contracts (status, signer), current registration and its full history. */
@Injectable()
export class FindCustomerUseCase {
  constructor(@Inject(REGISTRATION_API) private readonly api: RegistrationApi) {}

  async execute(key: string, customerId: string): Promise<FindCustomerOutcome> {
    const [contracts, registration] = await Promise.all([
      this.api.customer(key, customerId),
      this.api.registration(key, customerId),
    ]);
    if (contracts.kind !== 'ok') return { kind: 'refused', refusal: refusalOf(contracts) };
    if (registration.kind !== 'ok') return { kind: 'refused', refusal: refusalOf(registration) };
    return { kind: 'found', contracts: contracts.body, registration: registration.body };
  }
}
