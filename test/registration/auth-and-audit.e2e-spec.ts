import { NOT_OWNER, OWNER, RegistrationHarness, until } from './support/registration-harness';

describe('authentication, audit and OpenAPI', () => {
  let h: RegistrationHarness;

  beforeAll(async () => {
    h = await RegistrationHarness.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  const endpoints = [
    [
      'POST /v1/registrations',
      () =>
        h.http
          .post('/v1/registrations')
          .send({ customerId: 'C-1', memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true }),
    ],
    ['GET /v1/registrations/C-1', () => h.http.get('/v1/registrations/C-1')],
    ['DELETE /v1/registrations/C-1', () => h.http.delete('/v1/registrations/C-1')],
  ] as const;

  const wrongCredentials = () => {
    const [, keyId] = /^sak_([0-9a-f]{12})_/.exec(h.key)!;
    return {
      'an unknown well-formed key': { Authorization: `Bearer sak_000000000000_${'A'.repeat(43)}` },
      'a known key id with a wrong secret': { Authorization: `Bearer sak_${keyId}_${'B'.repeat(43)}` },
      'a malformed key': { Authorization: 'Bearer hunter2' },
      'the right key under the Basic scheme': { Authorization: `Basic ${h.key}` },
      'a wrong X-Api-Key': { 'X-Api-Key': `${h.key}x` },
    } as Record<string, Record<string, string>>;
  };

  it.each(endpoints)('answers %s without a credential with a bare 401', async (_name, call) => {
    const res = await call();
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ statusCode: 401, message: 'Unauthorized' });
  });

  it.each(endpoints)('answers %s with a wrong credential with a bare 401', async (_name, call) => {
    for (const [what, headers] of Object.entries(wrongCredentials())) {
      const res = await call().set(headers);
      expect({ what, status: res.status, body: res.body }).toEqual({
        what,
        status: 401,
        body: { statusCode: 401, message: 'Unauthorized' },
      });
    }
  });

  it('checks the key before reading anything: malformed, oversized, mistyped, undecodable, unknown: 401', async () => {
    const before = await h.count('audit_log', 'agent_id IS NULL');
    const calls = [
      () => h.http.post('/v1/registrations').set('Content-Type', 'application/json').send('{"customerId": '),
      () => h.http.post('/v1/registrations').send({ padding: 'x'.repeat(200 * 1024) }),
      () => h.http.post('/v1/registrations').set('Content-Type', 'text/plain').send('hello'),
      () =>
        h.http
          .post('/v1/registrations')
          .set('Content-Type', 'application/json')
          .send(`{"a":${'['.repeat(2000)}${']'.repeat(2000)}}`),
      () => h.http.get('/v1/registrations/%ff'),
      () => h.http.get('/v1/no-such-thing'),
      () => h.http.get('/favicon.ico'),
      () => h.http.put('/v1/registrations/C-1'),
      () => h.http.patch('/v1/registrations/C-1').set('Authorization', 'Bearer nope'),
      () => h.http.options('/v1/registrations'),
      () => h.http.head('/v1/registrations/C-1'),
    ];
    for (const [i, call] of calls.entries()) {
      const res = await call();
      expect({ i, status: res.status, wwwAuthenticate: res.headers['www-authenticate'] }).toEqual({
        i,
        status: 401,
        wwwAuthenticate: 'Bearer',
      });
    }
    await until(
      async () => (await h.count('audit_log', 'agent_id IS NULL')) >= before + calls.length,
      10_000,
      'the 401s audited',
    );
    const { rows } = await h.pg.query(
      `SELECT DISTINCT http_status, outcome FROM registration.audit_log WHERE agent_id IS NULL`,
    );
    expect(rows).toEqual([{ http_status: 401, outcome: 'UNAUTHENTICATED' }]);
  });

  it('audits refusals of authenticated calls with the agent, those of the body parser included', async () => {
    const post = () => h.http.post('/v1/registrations').set('Authorization', `Bearer ${h.key}`);
    await post().set('Content-Type', 'application/json').send('{"customerId": ');
    await post().send({ padding: 'x'.repeat(200 * 1024) });
    await post().set('Content-Type', 'text/plain').send('hello');
    await h.http.put('/v1/registrations/C-1').set('Authorization', `Bearer ${h.key}`);
    const outcomes = ['VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'METHOD_NOT_ALLOWED'];
    const audited = () => h.count('audit_log', "agent_id = 'agent-17' AND outcome = ANY($1)", [outcomes]);
    await until(async () => (await audited()) >= 4, 10_000, 'four refusals audited with the agent');
    expect(await h.count('audit_log', 'agent_id IS NULL AND http_status <> 401')).toBe(0);
  });

  it('records nothing for an unauthenticated registration, even a valid one', async () => {
    const customerId = await h.activeCustomer();
    await h.http
      .post('/v1/registrations')
      .send({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true });
    expect(await h.count('registrations', 'customer_id = $1', [customerId])).toBe(0);
  });

  it('accepts X-Api-Key and records the authenticated agent as recordedBy', async () => {
    const key = await h.issueKey('agent-42');
    const customerId = await h.activeCustomer();
    const res = await h.http
      .post('/v1/registrations')
      .set('X-Api-Key', key)
      .send({ customerId, memberNumber: OWNER.memberNumber, channel: 'EMAIL', consent: true });
    expect(res.status).toBe(201);
    expect(res.body.recordedBy).toBe('agent-42');
    const revoked = await h.revoke(customerId);
    expect(revoked.body).toMatchObject({ recordedBy: 'agent-42', revokedBy: 'agent-17' });
    const history = (await h.read(customerId)).body.history.map((e: { recordedBy: string }) => e.recordedBy);
    expect(history).toEqual(['agent-42', 'agent-17']);
  });

  it('audits every action with who, what, when, channel and outcome, refusals included', async () => {
    const customerId = await h.activeCustomer();
    await h.register({ customerId, memberNumber: NOT_OWNER, channel: 'CHAT', consent: true });
    await h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'CHAT', consent: true });
    await h.read(customerId);
    await h.revoke(customerId);
    await h.http.get(`/v1/registrations/${customerId}`);
    // Audit lines are written as each answer finishes: wait for all five rather than a fixed time.
    await until(
      async () => (await h.count('audit_log', 'customer_id = $1', [customerId])) >= 5,
      60_000,
      'five audit lines',
    );
    const { rows } = await h.pg.query(
      `SELECT agent_id, action, channel, member_number_masked, http_status, outcome, at
         FROM registration.audit_log WHERE customer_id = $1 ORDER BY id`,
      [customerId],
    );
    // Audit lines are written as each answer finishes, so their insertion order may differ from the calls' order.
    expect(rows).toHaveLength(5);
    expect(rows.map(({ at: _at, ...row }) => row)).toEqual(
      expect.arrayContaining([
        {
          agent_id: 'agent-17',
          action: 'REGISTER',
          channel: 'CHAT',
          member_number_masked: '******4567',
          http_status: 422,
          outcome: 'NOT_OWNER_CUSTOMER',
        },
        {
          agent_id: 'agent-17',
          action: 'REGISTER',
          channel: 'CHAT',
          member_number_masked: '******7890',
          http_status: 201,
          outcome: 'GRANTED',
        },
        {
          agent_id: 'agent-17',
          action: 'READ',
          channel: null,
          member_number_masked: null,
          http_status: 200,
          outcome: 'READ_ACTIVE',
        },
        {
          agent_id: 'agent-17',
          action: 'REVOKE',
          channel: 'CHAT',
          member_number_masked: null,
          http_status: 200,
          outcome: 'REVOKED',
        },
        {
          agent_id: null,
          action: 'READ',
          channel: null,
          member_number_masked: null,
          http_status: 401,
          outcome: 'UNAUTHENTICATED',
        },
      ]),
    );
    expect(rows.every((r) => r.at instanceof Date)).toBe(true);
  });

  it("audits a revocation with the channel its event records: ?channel's, or the grant's when omitted", async () => {
    const [byPhone, asGranted, neverRegistered] = [await h.activeCustomer(), await h.activeCustomer(), 'C-NEVER-1'];
    for (const customerId of [byPhone, asGranted]) {
      expect(
        (await h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'CHAT', consent: true })).status,
      ).toBe(201);
    }
    expect((await h.revoke(byPhone).query({ channel: 'PHONE' })).status).toBe(200);
    expect((await h.revoke(asGranted)).status).toBe(200);
    expect((await h.revoke(neverRegistered).query({ channel: 'EMAIL' })).status).toBe(404);
    const customers = [byPhone, asGranted, neverRegistered];
    await until(
      async () => (await h.count('audit_log', "action = 'REVOKE' AND customer_id = ANY($1)", [customers])) === 3,
      60_000,
      'three revocations audited',
    );
    const channels = async (sql: string) =>
      Object.fromEntries(
        (await h.pg.query(sql, [customers])).rows.map((r: { customer_id: string; channel: string }) => [
          r.customer_id,
          r.channel,
        ]),
      );
    expect(
      await channels(
        `SELECT customer_id, channel FROM registration.audit_log WHERE action = 'REVOKE' AND customer_id = ANY($1)`,
      ),
    ).toEqual({ [byPhone]: 'PHONE', [asGranted]: 'CHAT', [neverRegistered]: 'EMAIL' });
    expect(
      await channels(
        `SELECT customer_id, channel FROM registration.consent_events
          WHERE event_type = 'ConsentRevoked' AND customer_id = ANY($1)`,
      ),
    ).toEqual({ [byPhone]: 'PHONE', [asGranted]: 'CHAT' });
  });

  it('serves health and the OpenAPI document without a credential, with the real codes and rules', async () => {
    expect((await h.http.get('/health/live')).status).toBe(200);
    const res = await h.http.get('/docs-json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/registrations', '/v1/registrations/{customerId}']),
    );
    expect(Object.keys(doc.paths['/v1/registrations'].post.responses)).toEqual(
      expect.arrayContaining(['200', '201', '400', '401', '413', '422', '503']),
    );
    expect(doc.components.schemas.RegisterRequestDto.properties.memberNumber.pattern).toBe('^[0-9]{10}$');
    expect(doc.components.schemas.RefusalDto.properties.code.enum).toEqual(
      expect.arrayContaining([
        'NO_CUSTOMER_RELATIONSHIP',
        'NOT_OWNER_CUSTOMER',
        'MEMBER_NUMBER_UNKNOWN',
        'CONSENT_REQUIRED',
      ]),
    );
    expect(Object.keys(doc.components.securitySchemes)).toEqual(expect.arrayContaining(['bearer', 'api-key']));
    expect(doc.paths['/health/live']).toBeUndefined();
  });
});
