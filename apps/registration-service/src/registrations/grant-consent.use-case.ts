import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { RegistrationChannel, maskMemberNumber } from '@sa/contracts';
import { CUSTOMER_RELATIONSHIPS, CustomerRelationships } from '../customer-relationships/customer-relationships.port';
import { CLOCK, Clock } from '../infrastructure/clock';
import {
  OWNER_CUSTOMER_REGISTER,
  OwnerCustomerRegister,
} from '../owner-customer-register/owner-customer-register.port';
import { consentEvent, notBefore } from './consent-event.factory';
import { Registration } from './registration';
import { REGISTRATION_STORE, RegistrationStore } from './registration-store.port';

export interface GrantConsentCommand {
  customerId: string;
  memberNumber: string;
  channel: RegistrationChannel;
  consent: boolean;
  agentId: string;
}

export type GrantConsentOutcome =
  | { kind: 'granted'; registration: Registration }
  | { kind: 'replaced'; registration: Registration; replaced: Registration }
  | { kind: 'already-active'; registration: Registration }
  | { kind: 'consent-required' }
  | { kind: 'no-customer-relationship' }
  | { kind: 'member-number-unknown' }
  | { kind: 'not-owner-customer' }
  | { kind: 'register-unavailable'; reason: string };

/** R3, R6-R9: records a customer's registration (consent) as told to a customer-service agent. */
@Injectable()
export class GrantConsentUseCase {
  private readonly log = new Logger('GrantConsent');

  constructor(
    @Inject(REGISTRATION_STORE) private readonly store: RegistrationStore,
    @Inject(CUSTOMER_RELATIONSHIPS) private readonly relationships: CustomerRelationships,
    @Inject(OWNER_CUSTOMER_REGISTER) private readonly register: OwnerCustomerRegister,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: GrantConsentCommand): Promise<GrantConsentOutcome> {
    const { customerId, memberNumber } = command;
    if (!command.consent) return { kind: 'consent-required' };
    // Two independent reads, asked together; their answers are taken in the rules' order.
    const [hasContract, active] = await Promise.all([
      this.relationships.hasActiveContract(customerId, this.clock.now()),
      this.store.findActive(customerId),
    ]);
    if (!hasContract) return { kind: 'no-customer-relationship' };
    // A repeat of what is already active needs no register call: same answer, no new event.
    if (active?.memberNumber === memberNumber) return { kind: 'already-active', registration: active };

    // Asked before taking any lock: a slow register must not hold the customer's row.
    const lookup = await this.register.lookup(memberNumber);
    if (lookup.kind === 'unavailable') return { kind: 'register-unavailable', reason: lookup.reason };
    if (lookup.kind === 'unknown') return { kind: 'member-number-unknown' };
    if (lookup.kind === 'not-owner-customer') return { kind: 'not-owner-customer' };

    const outcome = await this.store.inCustomerTransaction(customerId, async (tx): Promise<GrantConsentOutcome> => {
      const current = await tx.findActive();
      if (current?.memberNumber === memberNumber) return { kind: 'already-active', registration: current };
      // R7: effective from the moment it is recorded; a replacement revokes and grants at that same instant.
      const at = notBefore(this.clock.now(), current?.effectiveAt);
      const registration: Registration = {
        registrationId: randomUUID(),
        customerId,
        memberNumber,
        householdId: lookup.householdId,
        channel: command.channel,
        recordedBy: command.agentId,
        effectiveAt: at,
      };
      if (current)
        await tx.recordRevocation(
          current,
          at,
          consentEvent('ConsentRevoked', current, at, command.channel, command.agentId),
        );
      await tx.recordGrant(
        registration,
        consentEvent('ConsentGranted', registration, at, command.channel, command.agentId),
      );
      return current ? { kind: 'replaced', registration, replaced: current } : { kind: 'granted', registration };
    });
    if (outcome.kind === 'granted' || outcome.kind === 'replaced') {
      this.log.log({
        message: `consent ${outcome.kind}`,
        customerId,
        memberNumber: maskMemberNumber(memberNumber),
        registrationId: outcome.registration.registrationId,
        recordedBy: command.agentId,
      });
    }
    return outcome;
  }
}
