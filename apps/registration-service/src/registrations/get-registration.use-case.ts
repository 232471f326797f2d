import { Inject, Injectable } from '@nestjs/common';
import { ConsentHistoryEntry, Registration } from './registration';
import { REGISTRATION_STORE, RegistrationStore } from './registration-store.port';

export interface RegistrationView {
  customerId: string;
  active: Registration | null;
  history: ConsentHistoryEntry[];
}

/** The customer's current registration and every grant and revocation ever recorded (R6). */
@Injectable()
export class GetRegistrationUseCase {
  constructor(@Inject(REGISTRATION_STORE) private readonly store: RegistrationStore) {}

  async execute(customerId: string): Promise<RegistrationView> {
    const [active, history] = await Promise.all([this.store.findActive(customerId), this.store.history(customerId)]);
    return { customerId, active, history };
  }
}
