import { GrantConsentUseCase } from './grant-consent.use-case';
import { FakeRegistrationStore } from '../../../../test/registration/support/registration-store.fake';
import { RevokeConsentUseCase } from './revoke-consent.use-case';

describe('RevokeConsentUseCase', () => {
  let now = new Date('2026-11-23T08:00:00Z');
  const clock = { now: () => now };

  it('revokes from this moment with the grant channel by default, and reports nothing-active afterwards', async () => {
    const store = new FakeRegistrationStore();
    const grant = new GrantConsentUseCase(
      store,
      { hasActiveContract: async () => true },
      { lookup: async () => ({ kind: 'owner-customer', householdId: 'H-1' }) },
      clock,
    );
    await grant.execute({
      customerId: 'C-1',
      memberNumber: '1234567890',
      channel: 'CHAT',
      consent: true,
      agentId: 'agent-1',
    });
    now = new Date('2026-11-30T12:00:00Z');
    const revoke = new RevokeConsentUseCase(store, clock);

    const outcome = await revoke.execute({ customerId: 'C-1', agentId: 'agent-2' });
    expect(outcome).toMatchObject({ kind: 'revoked', revokedAt: now, revokedBy: 'agent-2', channel: 'CHAT' });
    expect(store.events[1]).toMatchObject({
      eventType: 'ConsentRevoked',
      effectiveAt: '2026-11-30T12:00:00.000Z',
      channel: 'CHAT',
      recordedBy: 'agent-2',
    });
    expect(await revoke.execute({ customerId: 'C-1', agentId: 'agent-2' })).toEqual({ kind: 'nothing-active' });
    expect(store.events).toHaveLength(2);
  });

  it('revokes through the channel the customer asked by, as the event and the outcome say', async () => {
    const store = new FakeRegistrationStore();
    now = new Date('2026-11-23T08:00:00Z');
    await new GrantConsentUseCase(
      store,
      { hasActiveContract: async () => true },
      { lookup: async () => ({ kind: 'owner-customer', householdId: 'H-1' }) },
      clock,
    ).execute({ customerId: 'C-1', memberNumber: '1234567890', channel: 'CHAT', consent: true, agentId: 'a' });
    const outcome = await new RevokeConsentUseCase(store, clock).execute({
      customerId: 'C-1',
      agentId: 'a',
      channel: 'PHONE',
    });
    expect(outcome).toMatchObject({ kind: 'revoked', channel: 'PHONE' });
    expect(store.events[1]).toMatchObject({ eventType: 'ConsentRevoked', channel: 'PHONE' });
  });

  it('never dates a revocation before its grant when the clock stepped back', async () => {
    const store = new FakeRegistrationStore();
    now = new Date('2026-11-23T08:00:00Z');
    await new GrantConsentUseCase(
      store,
      { hasActiveContract: async () => true },
      { lookup: async () => ({ kind: 'owner-customer', householdId: 'H-1' }) },
      clock,
    ).execute({ customerId: 'C-1', memberNumber: '1234567890', channel: 'CHAT', consent: true, agentId: 'a' });
    now = new Date('2026-11-23T07:59:59Z');
    expect(await new RevokeConsentUseCase(store, clock).execute({ customerId: 'C-1', agentId: 'a' })).toMatchObject({
      revokedAt: new Date('2026-11-23T08:00:00Z'),
    });
  });

  it('reports nothing-active for a customer never registered, and records no customer for it', async () => {
    const store = new FakeRegistrationStore();
    expect(await new RevokeConsentUseCase(store, clock).execute({ customerId: 'C-9', agentId: 'a' })).toEqual({
      kind: 'nothing-active',
    });
    expect(store.customers.size).toBe(0);
    expect(store.events).toHaveLength(0);
  });
});
