import request from 'supertest';
import { MEMBER_NUMBER_HINT } from '@sa/contracts';
import {
  contract,
  hoursAgo,
  newCustomer,
  NOT_OWNER,
  OWNER,
  RegistrationHarness,
  UNKNOWN_MEMBER,
  until,
} from './support/registration-harness';

describe('registration rules (R4, R6, R8, R9) against the real broker and database', () => {
  let h: RegistrationHarness;

  beforeAll(async () => {
    h = await RegistrationHarness.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  async function nothingRecordedFor(customerId: string): Promise<void> {
    expect(await h.count('registrations', 'customer_id = $1', [customerId])).toBe(0);
    expect(await h.count('consent_events', 'customer_id = $1', [customerId])).toBe(0);
    expect(await h.count('outbox', 'message_key = $1', [customerId])).toBe(0);
  }

  it(
    'registers an owner-customer who signs an active contract ' +
      'and publishes ConsentGranted exactly as the contract shapes it',
    async () => {
      const customerId = await h.activeCustomer();
      const res = await h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true });

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        customerId,
        status: 'ACTIVE',
        householdId: OWNER.householdId,
        channel: 'PHONE',
        recordedBy: 'agent-17',
        memberNumberMasked: '******7890',
      });
      expect(res.body.effectiveAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      await until(() => h.consentsFor(customerId).length === 1, 30_000, 'ConsentGranted on the topic');
      expect(h.consentsFor(customerId)[0]).toEqual({
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        eventType: 'ConsentGranted',
        registrationId: res.body.registrationId,
        customerId,
        memberNumber: OWNER.memberNumber,
        householdId: OWNER.householdId,
        effectiveAt: res.body.effectiveAt,
        channel: 'PHONE',
        recordedBy: 'agent-17',
      });
    },
  );

  it(
    'refuses a 16-digit S-card number, ' + 'telling the agent to ask for the 10-digit member number instead (R4)',
    async () => {
      const customerId = await h.activeCustomer();
      const res = await h.register({ customerId, memberNumber: '6046123412341234', channel: 'CHAT', consent: true });

      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'memberNumber' })]);
      expect(res.body.message).toEqual([MEMBER_NUMBER_HINT]);
      expect(res.body.message[0]).toMatch(
        /10-digit S-Group member number printed on the S-card .* Oma S-kanava.*not the S-card number/,
      );
      await nothingRecordedFor(customerId);
    },
  );

  it.each([['123456789'], ['12345678901'], ['12345 67890'], ['abcdefghij'], [1234567890]])(
    'refuses member number %p with the same hint (R4)',
    async (memberNumber) => {
      const customerId = await h.activeCustomer();
      const res = await h.register({ customerId, memberNumber, channel: 'EMAIL', consent: true });
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual([MEMBER_NUMBER_HINT]);
      await nothingRecordedFor(customerId);
    },
  );

  it('refuses consent: false with 422 CONSENT_REQUIRED and records nothing (R6)', async () => {
    const customerId = await h.activeCustomer();
    const res = await h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: false });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      statusCode: 422,
      code: 'CONSENT_REQUIRED',
      message: expect.stringContaining('consent'),
    });
    await nothingRecordedFor(customerId);
  });

  it('refuses a quote-only customer with NO_CUSTOMER_RELATIONSHIP (R8)', async () => {
    const customerId = newCustomer();
    await h.sendContracts([contract(customerId, 'QUOTE', hoursAgo(2))]);
    const res = await h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NO_CUSTOMER_RELATIONSHIP');
    await nothingRecordedFor(customerId);
  });

  it('refuses a customer whose contracts are all terminated (R8)', async () => {
    const customerId = newCustomer();
    const k = contract(customerId, 'ACTIVE', hoursAgo(48));
    await h.sendContracts([
      k,
      { ...contract(customerId, 'TERMINATED', hoursAgo(1), k.contractId) },
      contract(customerId, 'TERMINATED', hoursAgo(3)),
    ]);
    const res = await h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NO_CUSTOMER_RELATIONSHIP');
    await nothingRecordedFor(customerId);
  });

  it('refuses a customer the CRM has never mentioned (R8)', async () => {
    const res = await h.register({
      customerId: newCustomer(),
      memberNumber: OWNER.memberNumber,
      channel: 'PHONE',
      consent: true,
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NO_CUSTOMER_RELATIONSHIP');
  });

  it('refuses a former signer after the contract was transferred to someone else (R8)', async () => {
    const from = newCustomer();
    const to = newCustomer();
    const k = contract(from, 'ACTIVE', hoursAgo(48));
    await h.sendContracts([k, { ...contract(to, 'ACTIVE', hoursAgo(1), k.contractId) }]);
    expect(
      (await h.register({ customerId: from, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true })).body
        .code,
    ).toBe('NO_CUSTOMER_RELATIONSHIP');
    expect(
      (await h.register({ customerId: to, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true })).status,
    ).toBe(201);
  });

  it('refuses a member number outside any owner-customer household with NOT_OWNER_CUSTOMER (R9)', async () => {
    const customerId = await h.activeCustomer();
    const res = await h.register({ customerId, memberNumber: NOT_OWNER, channel: 'PHONE', consent: true });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ statusCode: 422, code: 'NOT_OWNER_CUSTOMER', message: expect.any(String) });
    await nothingRecordedFor(customerId);
  });

  it('refuses a member number the register does not know with MEMBER_NUMBER_UNKNOWN', async () => {
    const customerId = await h.activeCustomer();
    const res = await h.register({ customerId, memberNumber: UNKNOWN_MEMBER, channel: 'PHONE', consent: true });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('MEMBER_NUMBER_UNKNOWN');
    await nothingRecordedFor(customerId);
  });

  it('answers 503 and records nothing while the register fails, then registers once it is back', async () => {
    const customerId = await h.activeCustomer();
    h.standIn.directory.behaviour = { delayMs: 0, failWith503: true };
    const down = await h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true });
    h.standIn.directory.behaviour = { delayMs: 0, failWith503: false };
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('OWNER_CUSTOMER_REGISTER_UNAVAILABLE');
    await nothingRecordedFor(customerId);
    expect(
      (await h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true })).status,
    ).toBe(201);
  });

  it('answers 503 and records nothing when the register does not answer within the timeout', async () => {
    const customerId = await h.activeCustomer();
    // An instance with a short register timeout; the suite's own is generous, for a busy machine.
    const quick = await h.startApp(false, { timeoutMs: 300, retries: 1, retryDelayMs: 20 });
    h.standIn.directory.behaviour = { delayMs: 8000, failWith503: false };
    try {
      const started = Date.now();
      const res = await request(quick.getHttpServer())
        .post('/v1/registrations')
        .set('Authorization', `Bearer ${h.key}`)
        .send({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true });
      expect(res.status).toBe(503);
      // 2 attempts of 300 ms plus a short pause: bounded, well under even one of the register's 8 s answers.
      expect(Date.now() - started).toBeLessThan(6000);
    } finally {
      h.standIn.directory.behaviour = { delayMs: 0, failWith503: false };
      await quick.close();
    }
    await nothingRecordedFor(customerId);
  });

  it('never writes a whole member number to its logs', async () => {
    expect(h.logLines.join('\n')).not.toContain(OWNER.memberNumber);
    expect(h.logLines.some((l) => l.includes('******7890'))).toBe(true);
  });
});
