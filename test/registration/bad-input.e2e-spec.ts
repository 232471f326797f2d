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
  }

  const post = () => h.http.post('/v1/registrations').set('Authorization', `Bearer ${h.key}`);

  it('answers malformed JSON with a 400 naming the body', async () => {
    const res = await post().set('Content-Type', 'application/json').send('{"customerId": "C-1", "memberNumber": ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', fields: [{ field: '(body)', rule: 'json' }] });
  });

  it('answers wrong types with one 400 naming every field at fault', async () => {
    const res = await h.register({ customerId: 42, memberNumber: true, channel: 'FAX', consent: 'yes' });
    expect(res.status).toBe(400);
    expect(new Set(res.body.fields.map((f: { field: string }) => f.field))).toEqual(new Set(['customerId', 'memberNumber', 'channel', 'consent']));
    expect(res.body.message.length).toBeGreaterThanOrEqual(4);
  });

  it('answers an empty object, an array, a bare string and a non-JSON content type with 400', async () => {
    for (const send of [() => h.register({}), () => h.register([]), () => post().set('Content-Type', 'application/json').send('"hello"'), () => post().set('Content-Type', 'text/plain').send('customerId=C-1')]) {
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.body.statusCode).toBe(400);
    }
  });

  it('refuses unknown extra fields by name', async () => {
    const res = await h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true, isAdmin: true });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field: 'isAdmin' })]);
  });

  it('answers a body over 100 kB with 413', async () => {
    const res = await h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true, padding: 'x'.repeat(101 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.statusCode).toBe(413);
  });

  it.each(['customerId', 'memberNumber', 'channel', 'consent'])('answers unicode and injection strings in %s with 4xx', async (field) => {
    for (const nasty of [...NASTY, null, 1, {}, ['PHONE']]) {
      const res = await h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true, [field]: nasty });
      expect([400, 422]).toContain(res.status);
      if (res.status === 400) expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
  });

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
    await until(async () => (await h.count('audit_log', "outcome = 'VALIDATION_FAILED' AND agent_id = 'agent-17'")) > 20, 10_000, 'the refusals audited');
    expect(await h.count('audit_log', "http_status = 413 AND outcome = 'PAYLOAD_TOO_LARGE'")).toBe(1);
    const ready = await h.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ postgres: 'up', kafka: 'up', consumer: 'up' });
    expect((await h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true })).status).toBe(201);
  });
});
