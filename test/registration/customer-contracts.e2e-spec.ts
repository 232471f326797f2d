import { contract, hoursAgo, newCustomer, RegistrationHarness, until } from './support/registration-harness';

// The read side agents (and the console) use before registering: contracts by state and signer, and R8.
describe('GET /v1/customers/{customerId} and GET /v1/agents/me', () => {
  let h: RegistrationHarness;

  beforeAll(async () => {
    h = await RegistrationHarness.start({ relay: false });
  });

  afterAll(async () => {
    await h?.close();
  });

  const readCustomer = (customerId: string, key: string | null = h.key) => {
    const req = h.http.get(`/v1/customers/${encodeURIComponent(customerId)}`);
    return key === null ? req : req.set('Authorization', `Bearer ${key}`);
  };

  it("lists each contract's latest state and signer, and says whether that is a customer relationship", async () => {
    const customer = newCustomer();
    const quote = contract(customer, 'QUOTE', hoursAgo(48));
    const active = contract(customer, 'ACTIVE', hoursAgo(30));
    // The same contract later terminated, and a late older change that must not override it.
    const terminated = { ...contract(customer, 'TERMINATED', hoursAgo(2), active.contractId) };
    const lateOlder = { ...contract(customer, 'QUOTE', hoursAgo(40), active.contractId) };
    await h.sendContracts([quote, active, terminated, lateOlder]);

    const res = await readCustomer(customer).expect(200);
    expect(res.body).toEqual({
      customerId: customer,
      customerRelationship: false,
      contracts: expect.arrayContaining([
        { contractId: quote.contractId, status: 'QUOTE', signerCustomerId: customer, changedAt: quote.changedAt },
        {
          contractId: active.contractId,
          status: 'TERMINATED',
          signerCustomerId: customer,
          changedAt: terminated.changedAt,
        },
      ]),
    });
    expect(res.body.contracts).toHaveLength(2);

    await h.sendContracts([contract(customer, 'ACTIVE', hoursAgo(1))]);
    expect((await readCustomer(customer).expect(200)).body.customerRelationship).toBe(true);
  });

  it('shows a contract whose signer changed with its new signer, and no relationship for the old one', async () => {
    const [before, after] = [newCustomer(), newCustomer()];
    const first = contract(before, 'ACTIVE', hoursAgo(10));
    await h.sendContracts([first, contract(after, 'ACTIVE', hoursAgo(5), first.contractId)]);
    const res = await readCustomer(before).expect(200);
    expect(res.body.customerRelationship).toBe(false);
    expect(res.body.contracts).toEqual([expect.objectContaining({ signerCustomerId: after, status: 'ACTIVE' })]);
  });

  it('answers a customer the CRM never mentioned with no contracts, and audits the read', async () => {
    const customer = newCustomer();
    expect((await readCustomer(customer).expect(200)).body).toEqual({
      customerId: customer,
      customerRelationship: false,
      contracts: [],
    });
    // The audit line is written once the answer has gone out.
    const audited = async () =>
      (
        await h.pg.query(`SELECT agent_id, action, outcome FROM registration.audit_log WHERE customer_id = $1`, [
          customer,
        ])
      ).rows;
    await until(async () => (await audited()).length > 0, 30_000, 'the read audited');
    expect(await audited()).toEqual([
      { agent_id: 'agent-17', action: 'READ', outcome: 'READ_NO_CUSTOMER_RELATIONSHIP' },
    ]);
  });

  it('refuses without a valid key (401) and names the agent behind a key', async () => {
    await readCustomer('C-1', null).expect(401);
    await readCustomer('C-1', 'sak_000000000000_wrong').expect(401);
    expect((await h.http.get('/v1/agents/me').set('Authorization', `Bearer ${h.key}`).expect(200)).body).toEqual({
      agentId: 'agent-17',
    });
    await h.http.get('/v1/agents/me').expect(401);
  });
});
