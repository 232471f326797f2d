import { Clock } from '../infrastructure/clock';
import { CustomerRelationships } from '../customer-relationships/customer-relationships.port';
import { OwnerCustomerLookup, OwnerCustomerRegister } from '../owner-customer-register/owner-customer-register.port';
import { GrantConsentCommand, GrantConsentUseCase } from './grant-consent.use-case';
import { FakeRegistrationStore } from '../../../../test/registration/support/registration-store.fake';

class FakeRegister implements OwnerCustomerRegister {
  calls = 0;
  constructor(public answers: Record<string, OwnerCustomerLookup>) {}
  async lookup(memberNumber: string): Promise<OwnerCustomerLookup> {
    this.calls++;
    return this.answers[memberNumber] ?? { kind: 'unknown' };
  }
}

class FakeRelationships implements CustomerRelationships {
  active = new Set<string>(['C-1']);
  async hasActiveContract(customerId: string): Promise<boolean> {
    return this.active.has(customerId);
  }
}

describe('GrantConsentUseCase', () => {
  let store: FakeRegistrationStore;
  let register: FakeRegister;
  let relationships: FakeRelationships;
  let now: Date;
  let useCase: GrantConsentUseCase;
  const clock: Clock = { now: () => now };
  const command = (over: Partial<GrantConsentCommand> = {}): GrantConsentCommand => ({
    customerId: 'C-1',
    memberNumber: '1234567890',
    channel: 'PHONE',
    consent: true,
    agentId: 'agent-17',
    ...over,
  });

  beforeEach(() => {
    store = new FakeRegistrationStore();
    register = new FakeRegister({
      '1234567890': { kind: 'owner-customer', householdId: 'H-42' },
      '2345678901': { kind: 'owner-customer', householdId: 'H-77' },
      '8901234567': { kind: 'not-owner-customer' },
    });
    relationships = new FakeRelationships();
    now = new Date('2026-11-23T08:00:00Z');
    useCase = new GrantConsentUseCase(store, relationships, register, clock);
  });

  it('grants and records one ConsentGranted effective at the moment of recording', async () => {
    const outcome = await useCase.execute(command());
    expect(outcome).toMatchObject({
      kind: 'granted',
      registration: { customerId: 'C-1', householdId: 'H-42', recordedBy: 'agent-17', effectiveAt: now },
    });
    expect(store.events).toEqual([
      expect.objectContaining({
        eventType: 'ConsentGranted',
        effectiveAt: '2026-11-23T08:00:00.000Z',
        memberNumber: '1234567890',
        recordedBy: 'agent-17',
      }),
    ]);
  });

  it.each([
    ['consent-required', command({ consent: false })],
    ['no-customer-relationship', command({ customerId: 'C-quote' })],
    ['not-owner-customer', command({ memberNumber: '8901234567' })],
    ['member-number-unknown', command({ memberNumber: '5555555555' })],
  ])('refuses with %s and records nothing', async (kind, cmd) => {
    expect((await useCase.execute(cmd)).kind).toBe(kind);
    expect(store.events).toHaveLength(0);
  });

  it('does not ask the register when consent is missing or there is no customer relationship', async () => {
    await useCase.execute(command({ consent: false }));
    await useCase.execute(command({ customerId: 'C-none' }));
    expect(register.calls).toBe(0);
  });

  it('reports the register unavailable and records nothing', async () => {
    register.answers['1234567890'] = { kind: 'unavailable', reason: 'HTTP 503' };
    expect(await useCase.execute(command())).toEqual({ kind: 'register-unavailable', reason: 'HTTP 503' });
    expect(store.registrations).toHaveLength(0);
  });

  it('answers a repeat with the same registration, no new event and no register call', async () => {
    const first = await useCase.execute(command());
    register.calls = 0;
    now = new Date('2026-11-24T08:00:00Z');
    const again = await useCase.execute(command({ channel: 'CHAT' }));
    expect(again).toEqual({ kind: 'already-active', registration: (first as { registration: unknown }).registration });
    expect(store.events).toHaveLength(1);
    expect(register.calls).toBe(0);
  });

  it('replaces another member number: revocation and grant at the same instant, revocation first', async () => {
    const first = await useCase.execute(command());
    now = new Date('2026-12-01T10:00:00Z');
    const second = await useCase.execute(command({ memberNumber: '2345678901', channel: 'EMAIL' }));
    expect(second.kind).toBe('replaced');
    expect(store.events.map((e) => [e.eventType, e.memberNumber, e.effectiveAt, e.channel])).toEqual([
      ['ConsentGranted', '1234567890', '2026-11-23T08:00:00.000Z', 'PHONE'],
      ['ConsentRevoked', '1234567890', '2026-12-01T10:00:00.000Z', 'EMAIL'],
      ['ConsentGranted', '2345678901', '2026-12-01T10:00:00.000Z', 'EMAIL'],
    ]);
    expect(store.events[1].registrationId).toBe(
      (first as { registration: { registrationId: string } }).registration.registrationId,
    );
    expect(store.registrations.filter((r) => r.revokedAt === null)).toHaveLength(1);
  });

  it('settles two concurrent registrations of one member number into one grant', async () => {
    const [a, b] = await Promise.all([useCase.execute(command()), useCase.execute(command())]);
    expect([a.kind, b.kind].sort()).toEqual(['already-active', 'granted']);
    expect(store.events).toHaveLength(1);
  });
});
