import { createHash } from 'node:crypto';
import { Page } from 'playwright-core';
import { en } from '../../apps/console/src/i18n/messages.en';
import { fi } from '../../apps/console/src/i18n/messages.fi';
import { contractChange, uid } from '../bonus-pipeline/support/bonus-inputs';
import { until } from '../support/kafka-probe';
import { ConsoleHarness } from './support/console-harness';

// An agent in a real Chromium against the real services, Kafka and PostgreSQL.
describe('console for agents, and its sessions (real browser, real services)', () => {
  let h: ConsoleHarness;
  let page: Page;
  const active = uid('C-act');
  const quoteOnly = uid('C-quote');

  const relationship = async (customerId: string) => {
    const res = await fetch(`${h.registrationUrl}/v1/customers/${customerId}`, {
      headers: { authorization: `Bearer ${h.agentKey}` },
    });
    return ((await res.json()) as { contracts: unknown[]; customerRelationship: boolean }) ?? null;
  };

  beforeAll(async () => {
    h = await ConsoleHarness.start();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await h.pipeline.sendContracts([
      contractChange({ contractId: uid('K'), signerCustomerId: active, changedAt: yesterday }),
      contractChange({ contractId: uid('K'), signerCustomerId: quoteOnly, changedAt: yesterday, status: 'QUOTE' }),
    ]);
    await until(
      async () =>
        (await relationship(active)).customerRelationship && (await relationship(quoteOnly)).contracts.length > 0,
      60_000,
      'the registration service has both customers’ contracts',
    );
    page = await h.newPage();
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Clicks and waits for the page that answers (after any redirect) to have loaded. */
  const navigate = async (click: Promise<void>) => {
    await Promise.all([page.waitForEvent('load'), click]);
  };
  const alert = () => page.locator('[role=alert]').innerText();
  const status = () => page.locator('[role=status]').innerText();

  it('sends a page request without a session to sign-in, and back to that page after signing in', async () => {
    await page.goto(`/customers?customerId=${active}`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await h.screenshot(page, 'sign-in');
    await page.getByLabel('Agent id').fill('agent-17');
    await page.getByLabel('API key').fill(h.agentKey);
    await navigate(page.locator('form[action="/sign-in/agent"] button[type=submit]').click());
    expect(page.url()).toBe(`${h.consoleUrl}/customers?customerId=${active}`);
    expect(await page.locator('header').innerText()).toContain('Signed in as agent agent-17');
  });

  it("shows the customer's contracts and explains the member number before anything is submitted (R4)", async () => {
    const contracts = await page.locator('#contracts-heading + p').innerText();
    expect(contracts).toBe(en.relationshipYes);
    expect(await page.locator('table').first().innerText()).toContain('Active');
    expect(await page.locator('#memberNumber-hint').innerText()).toBe(en.memberNumberHint);
    expect(await page.locator('#memberNumber').getAttribute('aria-describedby')).toBe('memberNumber-hint');
    expect(await page.locator('#consent-text').innerText()).toBe(en.consentText);
  });

  it('checks the member number in the browser, and shows the server’s refusal when the browser does not', async () => {
    await page.getByLabel(en.memberNumberLabel).fill('6046123456789012');
    await page.getByLabel(en.consentConfirm).check();
    await page.getByRole('button', { name: en.register }).click();
    // Not submitted: the field says what is wanted.
    const validationMessage = (el: { validationMessage: string }) => el.validationMessage;
    expect(await page.locator('#memberNumber').evaluate(validationMessage)).toBe(en.memberNumberInvalid);
    expect(new URL(page.url()).pathname).toBe('/customers');

    const skipBrowserChecks = (form: { noValidate: boolean }) => (form.noValidate = true);
    await page.locator('form[action$="/register"]').evaluate(skipBrowserChecks);
    await navigate(page.getByRole('button', { name: en.register }).click());
    expect(await alert()).toContain('it is not the S-card number');
    expect(await page.locator('#registration-status').innerText()).toBe(en.regNOT_REGISTERED);
  });

  it('registers a customer by phone with the consent read out', async () => {
    await page.getByLabel(en.memberNumberLabel).fill('1234567890');
    await page.getByLabel(en.channelLabel).selectOption('PHONE');
    await page.getByLabel(en.consentConfirm).check();
    await navigate(page.getByRole('button', { name: en.register }).click());
    expect(page.url()).toContain('done=registered');
    expect(await status()).toBe(en.registered);
    expect(await page.locator('#registration-status').innerText()).toMatch(
      /^Registered: member number \*{6}7890, household H-42/,
    );
    await h.screenshot(page, 'customer');
  });

  it('refuses a quote-only customer in words the agent can say (R8)', async () => {
    await page.goto(`/customers?customerId=${quoteOnly}`);
    expect(await page.locator('#contracts-heading + p').innerText()).toBe(en.relationshipNo);
    await page.getByLabel(en.memberNumberLabel).fill('2345678901');
    await page.getByLabel(en.consentConfirm).check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      navigate(page.getByRole('button', { name: en.register }).click()),
    ]);
    expect(response.status()).toBe(422);
    expect(await alert()).toBe(`${en.refusedHeading} ${en.refusalNO_CUSTOMER_RELATIONSHIP}`);
    expect(await page.locator('#registration-status').innerText()).toBe(en.regNOT_REGISTERED);
    await h.screenshot(page, 'refusal');
  });

  it.each([
    ['8901234567', 'refusalNOT_OWNER_CUSTOMER', 422, false],
    ['5555555555', 'refusalMEMBER_NUMBER_UNKNOWN', 422, false],
    ['3456789012', 'refusalOWNER_CUSTOMER_REGISTER_UNAVAILABLE', 503, true],
  ] as const)('tells why %s was not registered: %s', async (memberNumber, key, httpStatus, registerDown) => {
    const behaviour = (failWith503: boolean) =>
      fetch(`${h.standInUrl}/admin/behaviour`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ delayMs: 0, failWith503 }),
      });
    if (registerDown) await behaviour(true);
    try {
      await page.goto(`/customers?customerId=${active}`);
      await page.getByLabel(en.memberNumberLabel).fill(memberNumber);
      await page.getByLabel(en.consentConfirm).check();
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        navigate(page.getByRole('button', { name: en.register }).click()),
      ]);
      expect(response.status()).toBe(httpStatus);
      expect(await alert()).toBe(`${en.refusedHeading} ${en[key]}`);
      // Nothing changed: the number registered before is still the active one.
      expect(await page.locator('#registration-status').innerText()).toContain('******7890');
    } finally {
      if (registerDown) await behaviour(false);
    }
  });

  it('revokes after a confirmation step; the history shows each grant and revocation, channel and agent', async () => {
    await page.goto(`/customers?customerId=${active}`);
    await navigate(page.getByRole('link', { name: en.revoke }).click());
    expect(await page.locator('h1').innerText()).toBe(`Revoke the consent of customer ${active}?`);
    await h.screenshot(page, 'revoke');
    await page.getByLabel(en.revokeChannelLabel).selectOption('CHAT');
    await navigate(page.getByRole('button', { name: en.revokeConfirm }).click());
    expect(page.url()).toContain('done=revoked');
    expect(await status()).toBe(en.revoked);
    expect(await page.locator('#registration-status').innerText()).toBe(en.regREVOKED);
    const rows = await page.locator('#history tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').slice(1))).toEqual([
      ['Granted', '******7890', 'H-42', 'Phone', 'agent-17'],
      ['Revoked', '******7890', 'H-42', 'Chat', 'agent-17'],
    ]);
  });

  it('switches to Finnish and remembers it', async () => {
    await navigate(page.getByRole('link', { name: 'Suomi' }).click());
    expect(await page.locator('h1').innerText()).toBe(`Asiakas ${active}`);
    await page.reload();
    expect(await page.locator('#history').innerText()).toContain(fi.eventConsentRevoked);
    expect(await page.locator('#memberNumber-hint').innerText()).toBe(fi.memberNumberHint);
    await h.screenshot(page, 'customer-fi');
    await navigate(page.getByRole('link', { name: 'English' }).click());
    expect(await page.locator('h1').innerText()).toBe(`Customer ${active}`);
  });
  it('answers a page request without a session with a redirect to sign-in, and a form post with 401', async () => {
    const page303 = await fetch(`${h.consoleUrl}/customers?customerId=${active}`, { redirect: 'manual' });
    expect([page303.status, page303.headers.get('location')]).toEqual([
      303,
      `/sign-in?next=${encodeURIComponent(`/customers?customerId=${active}`)}`,
    ]);
    const post = await fetch(`${h.consoleUrl}/customers/${active}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'channel=PHONE&_csrf=x',
      redirect: 'manual',
    });
    expect(post.status).toBe(401);
    const forged = await fetch(`${h.consoleUrl}/ops/dead-letters`, {
      headers: { cookie: 'console_session=forged' },
      redirect: 'manual',
    });
    expect([forged.status, forged.headers.get('location')]).toEqual([303, expect.stringContaining('expired=1')]);
  });

  it('keeps only a random id in an httpOnly, SameSite=Strict cookie; the key never reaches the browser', async () => {
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'console_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(session.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await page.evaluate('[document.cookie, localStorage.length, sessionStorage.length]')).toEqual([
      expect.not.stringContaining('console_session'),
      0,
      0,
    ]);
    expect(await page.content()).not.toContain(h.agentKey);
    const { rows } = await h.pg.query(
      `SELECT principal_kind, agent_id, encode(sealed_credential, 'escape') AS sealed FROM console.sessions
        WHERE id_hash = $1`,
      [createHash('sha256').update(session.value).digest()],
    );
    expect(rows).toEqual([{ principal_kind: 'agent', agent_id: 'agent-17', sealed: expect.any(String) }]);
    expect(rows[0].sealed).not.toContain(h.agentKey.slice(-20));
  });

  it('refuses a form post with a wrong CSRF token (403) and records nothing', async () => {
    await page.goto(`/customers?customerId=${active}`);
    await page.locator('form[action$="/register"] input[name=_csrf]').evaluate((el: { value: string }) => {
      el.value = 'not-the-session-token';
    });
    await page.getByLabel(en.memberNumberLabel).fill('1234567890');
    await page.getByLabel(en.consentConfirm).check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      navigate(page.getByRole('button', { name: en.register }).click()),
    ]);
    expect(response.status()).toBe(403);
    expect(await alert()).toBe(en.csrfRefused);
    const state = await fetch(`${h.registrationUrl}/v1/registrations/${active}`, {
      headers: { authorization: `Bearer ${h.agentKey}` },
    });
    expect(await state.json()).toMatchObject({ status: 'REVOKED', history: [{}, {}] });
  });

  it('refuses a wrong key, and a real key presented under another agent id', async () => {
    const other = await h.newPage();
    await h.signInAsAgent(other, 'agent-17', `${h.agentKey.slice(0, -2)}xx`);
    expect(await other.locator('[role=alert]').innerText()).toBe(en.wrongCredentials);
    await h.signInAsAgent(other, 'agent-99', h.agentKey);
    expect(await other.locator('[role=alert]').innerText()).toBe(en.wrongCredentials);
    expect(new URL(other.url()).pathname).toBe('/sign-in/agent');
    await other.context().close();
  });

  it('ends a session left idle too long, and one past its absolute lifetime', async () => {
    const sessionRow = async () => {
      const value = (await page.context().cookies()).find((c) => c.name === 'console_session')!.value;
      return createHash('sha256').update(value).digest();
    };
    await h.pg.query(`UPDATE console.sessions SET last_seen_at = now() - interval '31 minutes' WHERE id_hash = $1`, [
      await sessionRow(),
    ]);
    await page.goto(`/customers?customerId=${active}`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await alert()).toBe(en.sessionExpired);

    await h.signInAsAgent(page);
    await h.pg.query(`UPDATE console.sessions SET created_at = now() - interval '8 hours' WHERE id_hash = $1`, [
      await sessionRow(),
    ]);
    await page.goto('/customers');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('answers a path it does not have with a page in words (404)', async () => {
    await h.signInAsAgent(page);
    const response = await page.goto('/no-such-page');
    expect(response!.status()).toBe(404);
    expect(await alert()).toBe(en.notFound);
  });

  it('keeps the session on a second console instance (sessions live in PostgreSQL)', async () => {
    const value = (await page.context().cookies()).find((c) => c.name === 'console_session')!.value;
    const second = await h.startAnotherConsole();
    const res = await fetch(`${second}/customers?customerId=${active}`, {
      headers: { cookie: `console_session=${value}` },
      redirect: 'manual',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Signed in as agent agent-17');
  });

  it('signs out: the session is gone on the server, not only in the browser', async () => {
    await page.goto('/customers');
    const value = (await page.context().cookies()).find((c) => c.name === 'console_session')!.value;
    await navigate(page.getByRole('button', { name: en.signOut }).click());
    expect(await status()).toBe(en.signedOut);
    const { rows } = await h.pg.query('SELECT 1 FROM console.sessions WHERE id_hash = $1', [
      createHash('sha256').update(value).digest(),
    ]);
    expect(rows).toEqual([]);
    const replayed = await fetch(`${h.consoleUrl}/customers`, {
      headers: { cookie: `console_session=${value}` },
      redirect: 'manual',
    });
    expect(replayed.status).toBe(303);
  });
});
