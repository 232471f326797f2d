import {
  closedSchemas,
  exportedDocument,
  OpenApiDocument,
  redoclyLint,
  ResponseChecker,
} from './support/openapi-check';
import { NOT_OWNER, OWNER, RegistrationHarness, UNKNOWN_MEMBER, until } from './support/registration-harness';

// The document the running service serves, linted by a third-party linter (redocly), and every
// documented status of every operation produced for real and checked against it (Ajv).
describe('OpenAPI document: linted, and real answers match it', () => {
  let h: RegistrationHarness;
  let document: Record<string, unknown>;
  let checker: ResponseChecker;
  const problems: string[] = [];

  beforeAll(async () => {
    h = await RegistrationHarness.start();
    document = (await h.http.get('/docs-json').expect(200)).body as Record<string, unknown>;
    checker = new ResponseChecker(document as unknown as OpenApiDocument);
  });

  afterAll(async () => {
    await h?.close();
  });

  const auth = { Authorization: '' };
  const valid = (customerId: string, memberNumber = OWNER.memberNumber) => ({
    customerId,
    memberNumber,
    channel: 'PHONE',
    consent: true,
  });
  const check = (operationId: string, res: { status: number; body: unknown }, hasBody = true) =>
    problems.push(...checker.problems(operationId, res.status, res.body, hasBody));

  it('is the document `npm run openapi:export` writes', async () => {
    expect(await exportedDocument()).toEqual(document);
  });

  it('passes `redocly lint` with the recommended-strict rules', async () => {
    const { code, output } = await redoclyLint(document);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('Your API description is valid') });
  });

  it('would fail the lint with the two errors reported in issue 14', async () => {
    const broken = JSON.parse(JSON.stringify(document)) as {
      servers: unknown[];
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    broken.servers = [];
    broken.components.schemas.RegistrationStateDto.properties.current = {
      nullable: true,
      allOf: [{ $ref: '#/components/schemas/RegistrationDto' }],
    };
    const { code, output } = await redoclyLint(broken);
    expect(code).not.toBe(0);
    expect(output).toContain('no-empty-servers');
    expect(output).toContain('nullable-type-sibling');
  });

  it('describes the keys as opaque and the customer id with its limits', () => {
    const doc = document as {
      components: { securitySchemes: Record<string, { bearerFormat?: string }> };
      paths: Record<string, Record<string, { parameters: Array<{ schema: object }> }>>;
    };
    expect(doc.components.securitySchemes.bearer.bearerFormat).not.toMatch(/JWT/i);
    expect(doc.paths['/v1/registrations/{customerId}'].get.parameters[0].schema).toMatchObject({
      minLength: 1,
      maxLength: 128,
      pattern: expect.any(String),
    });
    expect(Object.keys(doc.paths['/v1/registrations/{customerId}']).sort()).toEqual(['delete', 'get', 'head']);
  });

  it('answers every documented status of every operation as documented', async () => {
    auth.Authorization = `Bearer ${h.key}`;
    const customerId = await h.activeCustomer();
    const post = () => h.http.post('/v1/registrations').set(auth);

    check('register', await post().send(valid(customerId)));
    check('register', await post().send(valid(customerId)));
    check('register', await post().send({ ...valid(customerId), constructor: 1 }));
    check('register', await h.http.post('/v1/registrations').send(valid(customerId)));
    check('register', await post().send({ ...valid(customerId), padding: 'x'.repeat(101 * 1024) }));
    check('register', await post().set('Content-Type', 'text/plain').send('customerId=C-1'));
    check('register', await post().send(valid(customerId, NOT_OWNER)));
    check('register', await post().send(valid(await h.activeCustomer(), UNKNOWN_MEMBER)));
    h.standIn.directory.behaviour = { delayMs: 0, failWith503: true };
    try {
      check('register', await post().send(valid(await h.activeCustomer())));
    } finally {
      h.standIn.directory.behaviour = { delayMs: 0, failWith503: false };
    }

    const never = `C-never-${Date.now()}`;
    for (const [operationId, call] of [
      ['readCustomer', (id: string) => h.http.get(`/v1/customers/${id}`)],
      ['read', (id: string) => h.http.get(`/v1/registrations/${id}`)],
      ['readHead', (id: string) => h.http.head(`/v1/registrations/${id}`)],
    ] as const) {
      const hasBody = operationId !== 'readHead';
      check(operationId, await call(customerId).set(auth), hasBody);
      check(operationId, await call(never).set(auth), hasBody);
      check(operationId, await call('%ff').set(auth), hasBody);
      check(operationId, await call(customerId), hasBody);
    }
    check('whoAmI', await h.http.get('/v1/agents/me').set(auth));
    check('whoAmI', await h.http.get('/v1/agents/me'));
    check('revoke', await h.http.delete(`/v1/registrations/${customerId}`).set(auth));
    check('read', await h.http.get(`/v1/registrations/${customerId}`).set(auth));
    check('revoke', await h.http.delete(`/v1/registrations/${customerId}`).set(auth));
    check('revoke', await h.http.delete(`/v1/registrations/${customerId}?channel=FAX`).set(auth));
    check('revoke', await h.http.delete(`/v1/registrations/${customerId}`));

    // The key store down: every operation answers 503, whatever it is.
    await h.pg.query('ALTER TABLE registration.api_keys RENAME TO api_keys_offline');
    try {
      check('register', await post().send(valid(customerId)));
      check('read', await h.http.get(`/v1/registrations/${customerId}`).set(auth));
      check('readHead', await h.http.head(`/v1/registrations/${customerId}`).set(auth), false);
      check('readCustomer', await h.http.get(`/v1/customers/${customerId}`).set(auth));
      check('whoAmI', await h.http.get('/v1/agents/me').set(auth));
      check('revoke', await h.http.delete(`/v1/registrations/${customerId}`).set(auth));
    } finally {
      await h.pg.query('ALTER TABLE registration.api_keys_offline RENAME TO api_keys');
    }

    // Answers that belong to no operation.
    const unknown = await h.http.get('/v1/nothing-here').set(auth);
    expect(unknown.status).toBe(404);
    problems.push(...checker.schemaProblems('ErrorDto', unknown.body));
    const put = await h.http.put(`/v1/registrations/${customerId}`).set(auth);
    expect(put.status).toBe(405);
    problems.push(...checker.schemaProblems('ErrorDto', put.body));

    expect(problems).toEqual([]);
    const missing = checker.documented().filter(([op, status]) => !checker.seen.get(op)?.has(status));
    expect(missing).toEqual([]);
  });

  it('rejects what a strict client would: an undocumented field or a wrong type fails the check', async () => {
    const res = await h.read(`C-strict-${Date.now()}`);
    expect(res.body.current).toBeNull();
    expect(checker.problems('read', 200, res.body)).toEqual([]);
    expect(checker.problems('read', 200, { ...res.body, extra: 1 })).not.toEqual([]);
    expect(checker.problems('read', 200, { ...res.body, current: 'none' })).not.toEqual([]);
    expect(closedSchemas({ type: 'object', properties: {} })).toEqual({
      type: 'object',
      properties: {},
      additionalProperties: false,
    });
    await until(
      async () => (await h.count('audit_log', "outcome = 'AUTHENTICATION_UNAVAILABLE'")) === 6,
      10_000,
      'the 503s audited',
    );
  });
});
