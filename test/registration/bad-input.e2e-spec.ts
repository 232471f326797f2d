import { OWNER, RegistrationHarness, until } from './support/registration-harness';

const NASTY = [
  'Ü-1001',
  '顧客-1001',
  '😀😀😀',
  '\u202eC-1001',
  'C-1001\u0000',
  '',
  ' C-1001 ',
  "'; DROP TABLE registration.registrations; --",
  '" OR "1"="1',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '../../etc/passwd',
  '{"$gt": ""}',
  'x'.repeat(129),
  '\ud800',
];

describe('bad input never crashes the service nor records anything', () => {
  let h: RegistrationHarness;
  let customerId: string;

  beforeAll(async () => {
    h = await RegistrationHarness.start();
    customerId = await h.activeCustomer();
  });

  afterAll(async () => {
    await h?.close();
  });

  async function nothingRecorded(): Promise<void> {
    expect(await h.count('registrations')).toBe(0);
    expect(await h.count('consent_events')).toBe(0);
    expect(await h.count('outbox', 'topic = $1', [h.topics.consents])).toBe(0);
    expect(await h.count('customers')).toBe(0);
  }

  const post = () => h.http.post('/v1/registrations').set('Authorization', `Bearer ${h.key}`);

  it('answers malformed JSON with a 400 naming the body', async () => {
    const res = await post().set('Content-Type', 'application/json').send('{"customerId": "C-1", "memberNumber": ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      fields: [{ field: '(body)', rule: 'json' }],
    });
  });

  it('answers wrong types with one 400 naming every field at fault', async () => {
    const res = await h.register({ customerId: 42, memberNumber: true, channel: 'FAX', consent: 'yes' });
    expect(res.status).toBe(400);
    expect(new Set(res.body.fields.map((f: { field: string }) => f.field))).toEqual(
      new Set(['customerId', 'memberNumber', 'channel', 'consent']),
    );
    expect(res.body.message.length).toBeGreaterThanOrEqual(4);
  });

  it('answers an empty object, an array and a bare string with 400 naming the body or the missing fields', async () => {
    for (const send of [
      () => h.register({}),
      () => h.register([]),
      () => post().set('Content-Type', 'application/json').send('"hello"'),
      () => post(),
    ]) {
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.body.fields.length).toBeGreaterThan(0);
    }
  });

  it('answers a body that is not JSON in UTF-8, or is compressed, with 415 naming what to send', async () => {
    const plain = await post().set('Content-Type', 'text/plain').send('customerId=C-1');
    expect(plain.status).toBe(415);
    expect(plain.body).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: expect.stringContaining('send application/json'),
    });
    const latin1 = await post().set('Content-Type', 'application/json; charset=latin1').send('{}');
    expect(latin1.status).toBe(415);
    const gzip = await post().set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{}');
    expect(gzip.status).toBe(415);
    const untyped = await post().set('Content-Type', '').send(Buffer.from('{"customerId":"C-1"}'));
    expect(untyped.status).toBe(415);
  });

  it.each(['isAdmin', 'constructor', 'prototype', '__proto__'])('refuses the unknown field %s by name', async (key) => {
    const valid = { customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true };
    const body = `{"${key}":1,${JSON.stringify(valid).slice(1)}`;
    const res = await post().set('Content-Type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field: key, rule: 'whitelistValidation' })]);
  });

  it.each([17, 1314, 1400, 50_000])(
    'answers a body nested %i levels deep with 400 naming the depth rule',
    async (depth) => {
      const res = await post()
        .set('Content-Type', 'application/json')
        .send(`{"customerId":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`);
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: '(body)', rule: 'maxDepth' })]);
    },
  );

  it('answers a path segment that is not UTF-8 with 400 naming customerId', async () => {
    for (const res of [
      await h.http.get('/v1/registrations/%ff').set('Authorization', `Bearer ${h.key}`),
      await h.http.delete('/v1/registrations/%ED%A0%80').set('Authorization', `Bearer ${h.key}`),
    ]) {
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'customerId', rule: 'encoding' })]);
    }
  });

  it('answers other methods with 405 and Allow, unknown paths with 404, and HEAD like GET without a body', async () => {
    const as = (method: 'put' | 'patch' | 'options' | 'post' | 'get', path: string) =>
      h.http[method](path).set('Authorization', `Bearer ${h.key}`);
    for (const method of ['put', 'patch', 'options'] as const) {
      const res = await as(method, `/v1/registrations/${customerId}`);
      expect({ method, status: res.status, allow: res.headers.allow }).toEqual({
        method,
        status: 405,
        allow: 'GET, HEAD, DELETE',
      });
    }
    expect((await as('get', '/v1/registrations')).headers.allow).toBe('POST');
    expect((await as('post', `/v1/registrations/${customerId}`)).status).toBe(405);
    for (const path of ['/v1/registration', '/v1/registrations/a/b', '/v1', '/V1/registrations', '/', '/favicon.ico']) {
      const res = await as('get', path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    const head = await h.http.head(`/v1/registrations/${customerId}`).set('Authorization', `Bearer ${h.key}`);
    expect(head.status).toBe(200);
    expect(head.text ?? '').toBe('');
    await until(
      async () =>
        (await h.count('audit_log', "action = 'READ' AND http_status = 200 AND customer_id = $1", [customerId])) >= 1,
      10_000,
      'HEAD audited as READ',
    );
  });

  it('records no customer for a revocation of one never registered', async () => {
    const res = await h.revoke('C-NEVER-1');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NO_ACTIVE_REGISTRATION');
    expect(await h.count('customers', 'customer_id = $1', ['C-NEVER-1'])).toBe(0);
  });

  it('answers a body over 100 kB with 413', async () => {
    const res = await h.register({
      customerId,
      memberNumber: OWNER.memberNumber,
      channel: 'PHONE',
      consent: true,
      padding: 'x'.repeat(101 * 1024),
    });
    expect(res.status).toBe(413);
    expect(res.body.statusCode).toBe(413);
  });

  it.each(['customerId', 'memberNumber', 'channel', 'consent'])(
    'answers unicode and injection strings in %s with 4xx',
    async (field) => {
      for (const nasty of [...NASTY, null, 1, {}, ['PHONE']]) {
        const res = await h.register({
          customerId,
          memberNumber: OWNER.memberNumber,
          channel: 'PHONE',
          consent: true,
          [field]: nasty,
        });
        expect([400, 422]).toContain(res.status);
        if (res.status === 400) expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
    },
  );

  it('answers unicode and injection strings in the path with 4xx or an empty read', async () => {
    for (const nasty of NASTY.filter((n) => n !== '' && n !== '\ud800')) {
      const read = await h.read(nasty);
      expect([200, 400, 404]).toContain(read.status);
      if (read.status === 200) expect(read.body.status).toBe('NOT_REGISTERED');
      const revoke = await h.revoke(nasty);
      expect([400, 404]).toContain(revoke.status);
    }
  });

  it('recorded nothing, audited the refusals, and is still healthy', async () => {
    await nothingRecorded();
    await until(
      async () => (await h.count('audit_log', "outcome = 'VALIDATION_FAILED' AND agent_id = 'agent-17'")) > 20,
      60_000,
      'the refusals audited',
    );
    expect(await h.count('audit_log', "http_status = 413 AND outcome = 'PAYLOAD_TOO_LARGE'")).toBe(1);
    const ready = await h.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ postgres: 'up', kafka: 'up', consumer: 'up' });
    expect(
      (await h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true })).status,
    ).toBe(201);
  });
});
