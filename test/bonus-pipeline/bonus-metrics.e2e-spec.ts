import { parsePrometheusText, PrometheusSample, sumOf } from '../../tools/infra/prometheus-text';
import { until } from '../support/kafka-probe';
import { asOps, testOps } from '../support/test-infra';
import { consent, contractChange, creditNote, invoice, memberNumber, uid } from './support/bonus-inputs';
import { PipelineHarness } from './support/pipeline-harness';

const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY).toISOString();

describe('bonus pipeline /metrics (real Kafka + PostgreSQL, relay on its worker thread)', () => {
  let h: PipelineHarness;
  let url: string;
  beforeAll(async () => {
    h = await PipelineHarness.create({ BONUS_CORRECTION_WINDOW_DAYS: '1' });
    const app = await h.startInProcess();
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => h?.close());

  const scrape = async (): Promise<PrometheusSample[]> => {
    const response = await fetch(`${url}/metrics`, asOps('viewer'));
    expect(response.status).toBe(200);
    return parsePrometheusText(await response.text());
  };

  /** Waits until every expectation holds on one scrape, then returns that scrape. */
  const scrapeUntil = async (expectations: Record<string, (s: PrometheusSample[]) => boolean>) => {
    let last: PrometheusSample[] = [];
    await until(
      async () => {
        last = await scrape();
        return Object.values(expectations).every((holds) => holds(last));
      },
      60_000,
      () =>
        `metrics: ${Object.keys(expectations)
          .filter((k) => !expectations[k](last))
          .join(', ')}`,
      200,
    );
    return last;
  };

  it('answers 401 (WWW-Authenticate: Bearer) without an ops token, and a viewer token reads text/plain', async () => {
    const anonymous = await fetch(`${url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
    const viewer = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${testOps.viewer.token}` } });
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get('content-type')).toMatch(/^text\/plain;/);
    expect(viewer.headers.get('content-type')).toContain('version=0.0.4');
    const samples = parsePrometheusText(await viewer.text());
    expect(sumOf(samples, 'process_resident_memory_bytes', { service: 'bonus-pipeline' })).toBeGreaterThan(0);
    expect(sumOf(samples, 'nodejs_eventloop_lag_seconds', { service: 'bonus-pipeline' })).toBeDefined();
  });

  it('counts invoices, decisions, purchases and dead letters sent; lag drops to 0; the outbox empties', async () => {
    const customerId = uid('C');
    const contractId = uid('K');
    const member = memberNumber();
    const contract = contractChange({ contractId, signerCustomerId: customerId, changedAt: daysAgo(25) });
    const granted = consent({ customerId, memberNumber: member, householdId: uid('H'), effectiveAt: daysAgo(20) });
    await h.sendContracts([contract]);
    await h.sendConsents([granted]);
    await h.waitForAbsorbed([contract.eventId, granted.eventId]);
    const invoices = Array.from({ length: 20 }, () =>
      invoice({ customerId, contractId, issuedAt: daysAgo(3), monthlyFeeCents: 1000 }),
    );
    const note = creditNote(invoices[0], 400);
    await h.sendInvoices(invoices);
    await h.waitForDecisions(invoices.map((i) => i.eventId));
    await h.sendInvoices([note]);
    await h.probe.send(h.topics.invoices, [{ key: 'broken', value: '{"eventId":' }]);
    const topic = h.topics.invoices;
    const samples = await scrapeUntil({
      inputs: (s) => sumOf(s, 'bonus_inputs_total', { topic }) === 22,
      decisions: (s) => sumOf(s, 'bonus_decisions_total', { decision: 'BONUS_RECORDED', reason: '' }) === 20,
      reversal: (s) => sumOf(s, 'bonus_decisions_total', { decision: 'BONUS_REVERSED', reason: '' }) === 1,
      deadLetters: (s) => sumOf(s, 'bonus_dead_letters_total', { code: 'MALFORMED_JSON' }) === 1,
      lag: (s) => sumOf(s, 'kafka_consumer_lag', { topic }) === 0,
      backlog: (s) => sumOf(s, 'outbox_backlog_rows') === 0,
      published: (s) => (sumOf(s, 'outbox_publish_duration_seconds_count') ?? 0) > 0,
    });
    expect(sumOf(samples, 'bonus_purchases_total', { event_type: 'BonusPurchaseRecorded' })).toBe(20);
    expect(sumOf(samples, 'bonus_purchases_total', { event_type: 'BonusPurchaseReversed' })).toBe(1);
    expect(sumOf(samples, 'bonus_purchase_recorded_cents_total')).toBe(20 * 1000);
    expect(sumOf(samples, 'bonus_purchase_reversed_cents_total')).toBe(400);
    expect(sumOf(samples, 'bonus_inputs_total', { topic: h.topics.crmContracts })).toBe(1);
    expect(sumOf(samples, 'bonus_batch_duration_seconds_count', { topic })).toBeGreaterThan(0);
    expect(sumOf(samples, 'kafka_consumer_lag', { topic: h.topics.consents })).toBe(0);
    expect(samples.filter((s) => s.name === 'kafka_consumer_lag' && s.labels.topic === topic)).toHaveLength(6);
    expect(sumOf(samples, 'outbox_oldest_row_age_seconds')).toBe(0);
    expect(sumOf(samples, 'outbox_parked_rows')).toBe(0);
    expect(sumOf(samples, 'bonus_database_retries_total')).toBe(0);
  });

  it('counts a late fact past the correction window', async () => {
    const customerId = uid('C');
    const contractId = uid('K');
    const contract = contractChange({ contractId, signerCustomerId: customerId, changedAt: daysAgo(25) });
    await h.sendContracts([contract]);
    await h.waitForAbsorbed([contract.eventId]);
    const inv = invoice({ customerId, contractId, issuedAt: daysAgo(3) });
    await h.sendInvoices([inv]);
    await h.waitForDecisions([inv.eventId]);
    const before = sumOf(await scrape(), 'bonus_corrections_outside_window_total');
    expect(before).toBe(0);
    const late = consent({ customerId, memberNumber: memberNumber(), householdId: uid('H'), effectiveAt: daysAgo(10) });
    await h.sendConsents([late]);
    await h.waitForCorrection(inv.invoiceId, late.eventId);
    const samples = await scrapeUntil({
      outsideWindow: (s) => sumOf(s, 'bonus_corrections_outside_window_total') === 1,
    });
    expect(
      sumOf(samples, 'bonus_decisions_total', { decision: 'CORRECTION_SKIPPED', reason: 'OUTSIDE_CORRECTION_WINDOW' }),
    ).toBe(1);
  });
});
