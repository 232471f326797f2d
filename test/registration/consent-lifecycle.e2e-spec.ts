import { OTHER_OWNER, OWNER, RegistrationHarness, until } from './support/registration-harness';

describe('consent lifecycle: idempotency, replacement, revocation, history, concurrency', () => {
  let h: RegistrationHarness;

  beforeAll(async () => {
    h = await RegistrationHarness.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  const grant = (customerId: string, memberNumber = OWNER.memberNumber, channel = 'PHONE') =>
    h.register({ customerId, memberNumber, channel, consent: true });

  it('answers a repeated registration with the same registration and publishes one consent', async () => {
    const customerId = await h.activeCustomer();
    const first = await grant(customerId);
    const again = await grant(customerId, OWNER.memberNumber, 'CHAT');
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    await until(() => h.consentsFor(customerId).length >= 1, 30_000, 'consent published');
    // A revocation is published after anything the grants published, on the customer's partition.
    expect((await h.revoke(customerId)).status).toBe(200);
    await until(() => h.consentsFor(customerId).length >= 2, 30_000, 'the revocation published');
    expect(h.consentsFor(customerId).map((e) => e.eventType)).toEqual(['ConsentGranted', 'ConsentRevoked']);
    expect(await h.count('consent_events', "customer_id = $1 AND event_type = 'ConsentGranted'", [customerId])).toBe(1);
  });

  it(
    'replaces another member number by revoking the old and granting the new at the same instant, ' + 'in that order',
    async () => {
      const customerId = await h.activeCustomer();
      const first = await grant(customerId);
      const second = await grant(customerId, OTHER_OWNER.memberNumber, 'EMAIL');
      expect(second.status).toBe(201);
      expect(second.body).toMatchObject({
        householdId: OTHER_OWNER.householdId,
        replacedRegistrationId: first.body.registrationId,
        channel: 'EMAIL',
      });

      await until(() => h.consentsFor(customerId).length === 3, 30_000, '3 consent events');
      const [granted, revoked, regranted] = h.consentsFor(customerId);
      expect([granted.eventType, revoked.eventType, regranted.eventType]).toEqual([
        'ConsentGranted',
        'ConsentRevoked',
        'ConsentGranted',
      ]);
      expect(revoked).toMatchObject({
        registrationId: first.body.registrationId,
        memberNumber: OWNER.memberNumber,
        effectiveAt: second.body.effectiveAt,
      });
      expect(regranted).toMatchObject({
        registrationId: second.body.registrationId,
        memberNumber: OTHER_OWNER.memberNumber,
        effectiveAt: second.body.effectiveAt,
      });
      expect(new Set([granted.eventId, revoked.eventId, regranted.eventId]).size).toBe(3);
      expect(await h.count('registrations', 'customer_id = $1 AND revoked_at IS NULL', [customerId])).toBe(1);
    },
  );

  it('revokes at once, refuses a second revocation with 404, and keeps the full history', async () => {
    const customerId = await h.activeCustomer();
    const granted = await grant(customerId);
    const revoked = await h.revoke(customerId);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      registrationId: granted.body.registrationId,
      status: 'REVOKED',
      recordedBy: 'agent-17',
    });
    expect(Date.parse(revoked.body.revokedAt)).toBeGreaterThanOrEqual(Date.parse(granted.body.effectiveAt));

    const again = await h.revoke(customerId);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('NO_ACTIVE_REGISTRATION');

    const state = await h.read(customerId);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ customerId, status: 'REVOKED', current: null });
    expect(state.body.history.map((e: { eventType: string }) => e.eventType)).toEqual([
      'ConsentGranted',
      'ConsentRevoked',
    ]);
    expect(state.body.history[1]).toMatchObject({
      effectiveAt: revoked.body.revokedAt,
      memberNumberMasked: '******7890',
      channel: 'PHONE',
    });
    await until(() => h.consentsFor(customerId).length === 2, 30_000, 'grant and revocation published');
    expect(h.consentsFor(customerId)[1]).toMatchObject({
      eventType: 'ConsentRevoked',
      effectiveAt: revoked.body.revokedAt,
    });
  });

  it('registers again after a revocation as a new registration', async () => {
    const customerId = await h.activeCustomer();
    const first = await grant(customerId);
    await h.revoke(customerId);
    const second = await grant(customerId);
    expect(second.status).toBe(201);
    expect(second.body.registrationId).not.toBe(first.body.registrationId);
    expect((await h.read(customerId)).body.history).toHaveLength(3);
  });

  it('reads a customer never registered as NOT_REGISTERED with an empty history', async () => {
    const res = await h.read('C-never');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ customerId: 'C-never', status: 'NOT_REGISTERED', current: null, history: [] });
  });

  it(
    'settles concurrent registrations with different member numbers for one customer ' + 'into one active consent',
    async () => {
      const customerId = await h.activeCustomer();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          grant(customerId, i % 2 === 0 ? OWNER.memberNumber : OTHER_OWNER.memberNumber),
        ),
      );
      expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true);
      expect(await h.count('registrations', 'customer_id = $1 AND revoked_at IS NULL', [customerId])).toBe(1);

      // The published events replay to exactly the final state: alternating grant/revoke, never two grants in a row.
      const events = await h.count('consent_events', 'customer_id = $1', [customerId]);
      await until(() => h.consentsFor(customerId).length === events, 30_000, 'all events published');
      let active: string | null = null;
      for (const e of h.consentsFor(customerId)) {
        if (e.eventType === 'ConsentGranted') {
          expect(active).toBeNull();
          active = e.registrationId;
        } else {
          expect(e.registrationId).toBe(active);
          active = null;
        }
      }
      expect(active).toBe((await h.read(customerId)).body.current.registrationId);
    },
  );

  it('answers concurrent identical registrations with one registration and one consent event', async () => {
    const customerId = await h.activeCustomer();
    const results = await Promise.all(Array.from({ length: 6 }, () => grant(customerId)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(results.map((r) => r.body.registrationId)).size).toBe(1);
    expect(await h.count('consent_events', 'customer_id = $1', [customerId])).toBe(1);
  });
});
