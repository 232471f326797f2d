import { Inject, Injectable, Logger } from '@nestjs/common';
import { RegistrationChannel } from '@sa/contracts';
import { CLOCK, Clock } from '../infrastructure/clock';
import { consentEvent, notBefore } from './consent-event.factory';
import { Registration } from './registration';
import { REGISTRATION_STORE, RegistrationStore } from './registration-store.port';

export interface RevokeConsentCommand {
  customerId: string;
  agentId: string;
  /** The channel the customer asked through; the grant's channel when not given. */
  channel?: RegistrationChannel;
}

export type RevokeConsentOutcome =
  | {
      kind: 'revoked';
      registration: Registration;
      revokedAt: Date;
      revokedBy: string;
      /** The revocation's channel, as its event records it. */
      channel: RegistrationChannel;
    }
  | { kind: 'nothing-active' };

/** R6, R7: revokes the customer's active consent from this moment. */
@Injectable()
export class RevokeConsentUseCase {
  private readonly log = new Logger('RevokeConsent');

  constructor(
    @Inject(REGISTRATION_STORE) private readonly store: RegistrationStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: RevokeConsentCommand): Promise<RevokeConsentOutcome> {
    // Nothing to revoke for a customer never seen, and a refusal must not leave a customer row behind.
    const lock = { createCustomer: false };
    const outcome = await this.store.inCustomerTransaction(
      command.customerId,
      async (tx): Promise<RevokeConsentOutcome> => {
        const current = await tx.findActive();
        if (!current) return { kind: 'nothing-active' };
        const at = notBefore(this.clock.now(), current.effectiveAt);
        const channel = command.channel ?? current.channel;
        await tx.recordRevocation(current, at, consentEvent('ConsentRevoked', current, at, channel, command.agentId));
        return { kind: 'revoked', registration: current, revokedAt: at, revokedBy: command.agentId, channel };
      },
      lock,
    );
    if (outcome.kind === 'revoked')
      this.log.log({
        message: 'consent revoked',
        customerId: command.customerId,
        registrationId: outcome.registration.registrationId,
        recordedBy: command.agentId,
      });
    return outcome;
  }
}
