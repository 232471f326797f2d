import { contract, hoursAgo, newCustomer, OWNER, RegistrationHarness, until } from './support/registration-harness';

describe('customer relationships from crm.contracts.v1 (real broker and database)', () => {
  let h: RegistrationHarness;

  beforeAll(async () => {
    h = await RegistrationHarness.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  const registerOwner = (customerId: string) =>
    h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true });

  it('keeps a contract active when an older QUOTE arrives after the newer ACTIVE', async () => {
    const customerId = newCustomer();
    const active = contract(customerId, 'ACTIVE', hoursAgo(5));
    await h.sendContracts([active, contract(customerId, 'QUOTE', hoursAgo(50), active.contractId)]);
    expect((await registerOwner(customerId)).status).toBe(201);
  });

  it('keeps a contract terminated when the older ACTIVE arrives after the newer TERMINATED', async () => {
    const customerId = newCustomer();
    const terminated = contract(customerId, 'TERMINATED', hoursAgo(1));
    await h.sendContracts([terminated, contract(customerId, 'ACTIVE', hoursAgo(30), terminated.contractId)]);
    const res = await registerOwner(customerId);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NO_CUSTOMER_RELATIONSHIP');
  });

  it('keeps every version, so the state at any moment stays answerable', async () => {
    const customerId = newCustomer();
    const k = contract(customerId, 'QUOTE', hoursAgo(30));
    await h.sendContracts([
      contract(customerId, 'ACTIVE', hoursAgo(20), k.contractId),
      k,
      contract(customerId, 'TERMINATED', hoursAgo(10), k.contractId),
    ]);
    const { rows } = await h.pg.query(
      `SELECT status FROM registration.contract_versions WHERE contract_id = $1 ORDER BY changed_at`,
      [k.contractId],
    );
    expect(rows.map((r) => r.status)).toEqual(['QUOTE', 'ACTIVE', 'TERMINATED']);
  });

  it('does not count a change dated in the future until it begins', async () => {
    const customerId = newCustomer();
    await h.sendContracts([contract(customerId, 'ACTIVE', new Date(Date.now() + 86_400_000).toISOString())]);
    expect((await registerOwner(customerId)).body.code).toBe('NO_CUSTOMER_RELATIONSHIP');
  });

  it('changes nothing when the same eventId is delivered again', async () => {
    const customerId = newCustomer();
    const change = contract(customerId, 'ACTIVE', hoursAgo(5));
    await h.sendContracts([change]);
    await h.probe.sendJson(h.topics.crmContracts, change.contractId, [change, change]);
    // Same key, so same partition, sent after the duplicates: once it is stored, they were consumed.
    await h.sendContracts([contract(customerId, 'QUOTE', hoursAgo(90), change.contractId)]);
    expect(await h.count('contract_versions', 'contract_id = $1', [change.contractId])).toBe(2);
    expect(await h.count('contract_versions', 'event_id = $1', [change.eventId])).toBe(1);
    expect(h.probe.on(h.topics.deadLetters).filter((m) => m.key === change.contractId)).toHaveLength(0);
  });

  it('dead-letters bad messages naming the field at fault, and the partition moves on', async () => {
    const customerId = newCustomer();
    const key = `K-bad-${customerId}`;
    const bad = [
      { key, value: '{"eventId": "e-1", not json' },
      { key, value: JSON.stringify({ ...contract(customerId, 'ACTIVE', hoursAgo(1), key), status: 'SIGNED' }) },
      {
        key,
        value: JSON.stringify({ ...contract(customerId, 'ACTIVE', hoursAgo(1), key), changedAt: '2026-11-23 08:00' }),
      },
      { key, value: null },
    ];
    await h.probe.send(h.topics.crmContracts, bad);
    const good = contract(customerId, 'ACTIVE', hoursAgo(2), key);
    await h.sendContracts([good]);
    await until(
      () => h.probe.on(h.topics.deadLetters).filter((m) => m.key === key).length >= 4,
      30_000,
      '4 dead letters',
    );
    const letters = h.probe
      .on(h.topics.deadLetters)
      .filter((m) => m.key === key)
      .map((m) => m.json<Record<string, unknown>>());
    expect(letters.map((l) => l.errorCode)).toEqual([
      'MALFORMED_JSON',
      'SCHEMA_VIOLATION',
      'SCHEMA_VIOLATION',
      'EMPTY_MESSAGE',
    ]);
    expect(letters[1]).toMatchObject({
      sourceTopic: h.topics.crmContracts,
      sourceKey: key,
      fields: ['status'],
      rawValue: bad[1].value,
    });
    expect(letters[2].fields).toEqual(['changedAt']);
    expect((await registerOwner(customerId)).status).toBe(201);
  });

  it('dead-letters a change that contradicts an already recorded one at the same changedAt', async () => {
    const customerId = newCustomer();
    const first = contract(customerId, 'ACTIVE', hoursAgo(3));
    await h.sendContracts([first]);
    const clash = { ...contract(customerId, 'TERMINATED', first.changedAt, first.contractId) };
    await h.probe.sendJson(h.topics.crmContracts, first.contractId, [clash]);
    await until(
      () => h.probe.on(h.topics.deadLetters).some((m) => m.key === first.contractId),
      30_000,
      'conflict dead letter',
    );
    const letter = h.probe
      .on(h.topics.deadLetters)
      .find((m) => m.key === first.contractId)!
      .json<Record<string, unknown>>();
    expect(letter.errorCode).toBe('EVENT_CONFLICT');
    expect((await registerOwner(customerId)).status).toBe(201);
  });
});
