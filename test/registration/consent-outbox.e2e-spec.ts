import { OWNER, RegistrationHarness, until } from './support/registration-harness';

describe('consent events through the transactional outbox (real broker and database)', () => {
  let h: RegistrationHarness;

  afterEach(async () => {
    await h?.close();
  });

  it(
    'publishes, exactly once, an event committed while the relay was stopped, ' + 'after the service restarts',
    async () => {
      h = await RegistrationHarness.start({ relay: false });
      const customerId = await h.activeCustomer();
      const res = await h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true });
      expect(res.status).toBe(201);

      // Committed, not yet published: the row waits in the outbox.
      expect(await h.count('outbox', 'message_key = $1', [customerId])).toBe(1);
      await new Promise((r) => setTimeout(r, 1000));
      expect(h.consentsFor(customerId)).toHaveLength(0);

      // The "crash": the process goes away before any relay ran; a new instance starts on the same database.
      await h.app.close();
      h.app = await h.startApp(true);

      await until(() => h.consentsFor(customerId).length >= 1, 30_000, 'the waiting event published');
      // A revocation is published after anything else for this customer, on the same partition.
      expect((await h.revoke(customerId)).status).toBe(200);
      await until(() => h.consentsFor(customerId).length >= 2, 30_000, 'the revocation published');
      const events = h.consentsFor(customerId).filter((e) => e.eventType === 'ConsentGranted');
      expect(events).toHaveLength(1);
      const [stored] = (
        await h.pg.query(
          `SELECT event_id, payload FROM registration.consent_events
            WHERE customer_id = $1 AND event_type = 'ConsentGranted'`,
          [customerId],
        )
      ).rows;
      expect(events[0]).toEqual(JSON.parse(stored.payload));
      expect(events[0].eventId).toBe(stored.event_id);
      // The relay deletes what it published in the transaction that sent it: the table empties right after.
      await until(async () => (await h.count('outbox')) === 0, 30_000, 'the outbox emptied');
    },
  );

  it('drains committed events on a graceful shutdown', async () => {
    h = await RegistrationHarness.start();
    const customerId = await h.activeCustomer();
    const registered = h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'CHAT', consent: true });
    expect((await registered).status).toBe(201);
    await h.app.close();
    expect(await h.count('outbox')).toBe(0);
    await until(() => h.consentsFor(customerId).length === 1, 30_000, 'event published before the relay stopped');
    h.app = await h.startApp(true); // close() in afterEach needs a running app
  });

  it("keeps one customer's events in the order they were recorded", async () => {
    h = await RegistrationHarness.start();
    const customerId = await h.activeCustomer();
    for (let i = 0; i < 5; i++) {
      expect(
        (await h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true })).status,
      ).toBe(201);
      expect((await h.revoke(customerId)).status).toBe(200);
    }
    await until(() => h.consentsFor(customerId).length === 10, 30_000, '10 events');
    const { rows } = await h.pg.query(
      `SELECT event_id FROM registration.consent_events WHERE customer_id = $1 ORDER BY seq`,
      [customerId],
    );
    expect(h.consentsFor(customerId).map((e) => e.eventId)).toEqual(rows.map((r) => r.event_id));
    expect(
      new Set(
        h.probe
          .on(h.topics.consents)
          .filter((m) => m.key === customerId)
          .map((m) => m.partition),
      ).size,
    ).toBe(1);
  });
});
