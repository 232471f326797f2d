import { readFile } from 'node:fs/promises';
import { Page } from 'playwright-core';
import { en } from '../../apps/console/src/i18n/messages.en';
import { consent, contractChange, invoice, uid } from '../bonus-pipeline/support/bonus-inputs';
import { until } from '../support/kafka-probe';
import { asOps, testKafka, testOps } from '../support/test-infra';
import { ConsoleHarness } from './support/console-harness';

// An ops user in a real Chromium against the real pipeline (and its ops API), Kafka and PostgreSQL.
describe('console for ops (real browser, real services)', () => {
  let h: ConsoleHarness;
  let page: Page;
  const customerId = uid('C-ops');
  const contractId = uid('K-ops');
  const issuedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const refused = invoice({ customerId, contractId, issuedAt });
  // The reconciliation month is the Helsinki month of issuedAt.
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit' })
    .format(new Date(issuedAt))
    .slice(0, 7);

  const navigate = async (click: Promise<void>) => {
    await Promise.all([page.waitForEvent('load'), click]);
  };

  beforeAll(async () => {
    h = await ConsoleHarness.start();
    const signed = contractChange({
      contractId,
      signerCustomerId: customerId,
      changedAt: new Date(Date.now() - 60 * 86_400_000).toISOString(),
    });
    const granted = consent({
      customerId,
      memberNumber: '3456789012',
      householdId: 'H-77',
      effectiveAt: new Date(Date.now() - 20 * 86_400_000).toISOString(),
    });
    await h.pipeline.sendContracts([signed]);
    await h.pipeline.sendConsents([granted]);
    await h.pipeline.waitForAbsorbed([signed.eventId, granted.eventId]);
    // The cause: a database check deployed by mistake refuses this one invoice, every time.
    await h.pg.query(`CREATE FUNCTION bonus.refuse_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'invoice % refused by a misconfigured check', NEW.invoice_id; END $$`);
    await h.pg.query(`CREATE TRIGGER refuse_invoice BEFORE INSERT ON bonus.invoices FOR EACH ROW
      WHEN (NEW.invoice_id = '${refused.invoiceId}') EXECUTE FUNCTION bonus.refuse_invoice()`);
    await h.pipeline.sendInvoices([refused]);
    await until(
      async () => h.pipeline.deadLetters().some((m) => m.json<{ sourceKey: string }>().sourceKey === refused.invoiceId),
      60_000,
      'the refused invoice dead-lettered',
    );
    page = await h.newPage();
    await h.signInAsOps(page);
  });

  afterAll(async () => {
    await h?.close();
  });

  it("draws throughput, lag, decisions and dead letters from the pipeline's metrics", async () => {
    await until(
      async () => {
        await page.goto('/ops');
        const deadLetters = page.locator('figure', { hasText: en.deadLettersByCode });
        return (
          (await page.locator('svg polyline').count()) > 0 &&
          (await page.locator('svg rect').count()) > 0 &&
          (await deadLetters.innerText()).includes('PROCESSING_FAILED')
        );
      },
      60_000,
      'charts drawn from two samples, the dead letter among them',
      1000,
    );
    const captions = await page.locator('figcaption').allInnerTexts();
    expect(captions).toEqual([en.throughput, en.lag, en.decisionsByReason, en.deadLettersByCode, en.purchasesByType]);
    expect(await page.locator('figure', { hasText: en.deadLettersByCode }).innerText()).toContain('PROCESSING_FAILED');
    await h.screenshot(page, 'dashboard');
  });

  it('finds the dead letter, re-drives it: dead again while the cause stands, decided once it is fixed', async () => {
    await page.goto('/ops/dead-letters');
    await page.getByLabel(en.code).fill('PROCESSING_FAILED');
    await navigate(page.getByRole('button', { name: en.filter }).click());
    const row = page.locator('#dead-letters tbody tr', { hasText: 'PROCESSING_FAILED' });
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain('refused by a misconfigured check');
    await h.screenshot(page, 'dead-letters');

    await navigate(row.getByRole('link').click());
    expect(await page.locator('pre').innerText()).toContain(refused.invoiceId);
    await h.screenshot(page, 'dead-letter');
    await navigate(page.getByRole('button', { name: en.redrive, exact: true }).click());
    expect(await page.locator('#redrive-results tbody').innerText()).toContain(en.outcomeDEAD_AGAIN);

    await h.pg.query('DROP TRIGGER refuse_invoice ON bonus.invoices'); // the fix
    await page.goto('/ops/dead-letters?code=PROCESSING_FAILED');
    await page.locator('#dead-letters tbody input[name=ids]').check();
    await navigate(page.getByRole('button', { name: en.redriveSelected }).click());
    expect(await page.locator('#redrive-results tbody').innerText()).toContain(en.outcomeDECIDED);
    await h.screenshot(page, 'redrive');
    await h.pipeline.waitForDecisions([refused.eventId]);
  });

  it('republishes a parked outbox row once the cause is fixed', async () => {
    // The cause: the decisions topic takes no message as large as a decision, so the relay parks it.
    const decisions = h.pipeline.topics.invoiceDecisions;
    const maxMessageBytes = (value: string) => ({
      validateOnly: false,
      resources: [{ type: 2, name: decisions, configEntries: [{ name: 'max.message.bytes', value }] }],
    });
    const admin = testKafka('console-ops').admin();
    await admin.connect();
    try {
      await admin.alterConfigs(maxMessageBytes('64'));
      const parkedInvoice = invoice({ customerId, contractId, issuedAt });
      await h.pipeline.sendInvoices([parkedInvoice]);
      const parkedRows = async () => {
        const res = await fetch(`${h.pipelineUrl}/v1/outbox/parked`, asOps('viewer'));
        return ((await res.json()) as { items: Array<{ topic: string }> }).items;
      };
      await until(async () => (await parkedRows()).length === 1, 90_000, 'the decision parked');
      await admin.alterConfigs(maxMessageBytes('1048588')); // the fix

      await page.goto('/ops/outbox/parked');
      const row = page.locator('#parked tbody tr');
      expect(await row.count()).toBe(1);
      expect(await row.innerText()).toContain(decisions);
      await h.screenshot(page, 'parked');
      await row.locator('input[name=ids]').check();
      await navigate(page.getByRole('button', { name: en.republishSelected }).click());
      expect(await page.locator('[role=status]').innerText()).toBe(en.republished.replace('{count}', '1'));
      await h.pipeline.waitForDecisions([parkedInvoice.eventId]);
      await page.goto('/ops/outbox/parked');
      expect(await page.locator('main').innerText()).toContain(en.noParked);
    } finally {
      await admin.disconnect();
    }
  });

  it('explains an invoice: its decision, the contract and consent in force, what was sent', async () => {
    await page.goto('/ops/invoices');
    await page.getByLabel(en.invoiceId).fill(refused.invoiceId);
    await navigate(page.getByRole('button', { name: en.explain }).click());
    const explanation = await page.locator('#explanation').innerText();
    expect(explanation).toContain(refused.invoiceId);
    expect(explanation).toContain('BONUS_RECORDED');
    expect(explanation).toContain(contractId);
    await h.screenshot(page, 'invoice');
  });

  it("shows the month's reconciliation and downloads its CSV through the console", async () => {
    await page.goto('/ops/reconciliation');
    await page.getByLabel(en.month).fill(month);
    await navigate(page.getByRole('button', { name: en.show }).click());
    expect(await page.locator('#reconciliation').innerText()).not.toBe('');
    await h.screenshot(page, 'reconciliation');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-csv').click()]);
    expect(download.suggestedFilename()).toBe(`reconciliation-${month}.csv`);
    const csv = await readFile((await download.path())!, 'utf8');
    const direct = await fetch(`${h.pipelineUrl}/v1/reconciliation.csv?month=${month}`, {
      headers: { authorization: `Bearer ${testOps.viewer.token}` },
    });
    expect(csv).toBe(await direct.text());
    expect(csv.split('\n').length).toBeGreaterThan(1);
  });

  it('lets a viewer read but not re-drive', async () => {
    const viewer = await h.newPage();
    await h.signInAsOps(viewer, testOps.viewer.token);
    await viewer.goto('/ops/dead-letters');
    await viewer.locator('#dead-letters tbody input[name=ids]').first().check();
    const [response] = await Promise.all([
      viewer.waitForResponse((r) => r.request().method() === 'POST'),
      viewer.getByRole('button', { name: en.redriveSelected }).click(),
    ]);
    expect(response.status()).toBe(403);
    await viewer.waitForLoadState('load');
    expect(await viewer.locator('[role=alert]').innerText()).toBe(en.opsForbidden);
    await viewer.context().close();
  });
});
