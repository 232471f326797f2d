import { parsePrometheusText, PrometheusSample, sumOf } from '../../tools/infra/prometheus-text';
import { testOps } from '../support/test-infra';
import { OWNER, RegistrationHarness, until } from './support/registration-harness';

describe('registration service /metrics (real Kafka + PostgreSQL)', () => {
  let h: RegistrationHarness;
  beforeAll(async () => {
    h = await RegistrationHarness.start();
  });
  afterAll(() => h?.close());

  const scrape = async (): Promise<PrometheusSample[]> => {
    const res = await h.http.get('/metrics').set('Authorization', `Bearer ${testOps.viewer.token}`);
    expect(res.status).toBe(200);
    return parsePrometheusText(res.text);
  };

  it('answers 401 without an ops token and to an agent key; a viewer token reads it', async () => {
    const anonymous = await h.http.get('/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    expect(anonymous.body.code).toBe('OPS_CREDENTIALS_REQUIRED');
    expect((await h.http.get('/metrics').set('Authorization', `Bearer ${h.key}`)).status).toBe(401);
    expect((await h.http.get('/metrics').set('X-Api-Key', h.key)).status).toBe(401);
    const viewer = await h.http.get('/metrics').set('Authorization', `Bearer ${testOps.viewer.token}`);
    expect(viewer.status).toBe(200);
    expect(viewer.headers['content-type']).toMatch(/^text\/plain;/);
    const samples = parsePrometheusText(viewer.text);
    expect(sumOf(samples, 'process_resident_memory_bytes', { service: 'registration-service' })).toBeGreaterThan(0);
    // A scrape is not an agent's call: it is not audited.
    expect(await h.count('audit_log')).toBe(0);
  });

  it('counts requests by route template, method and status; unknown paths unmatched, never the raw path', async () => {
    const customerId = await h.activeCustomer();
    expect(
      (await h.register({ customerId, memberNumber: OWNER.memberNumber, channel: 'PHONE', consent: true })).status,
    ).toBe(201);
    expect((await h.read(customerId)).status).toBe(200);
    expect((await h.revoke(customerId)).status).toBe(200);
    expect((await h.http.get(`/v1/registrations/${customerId}`)).status).toBe(401);
    expect((await h.http.put(`/v1/registrations/${customerId}`).set('Authorization', `Bearer ${h.key}`)).status).toBe(
      405,
    );
    expect((await h.http.get(`/v1/${customerId}`).set('Authorization', `Bearer ${h.key}`)).status).toBe(404);
    const samples = await scrape();
    const requests = (route: string, method: string, status: string) =>
      sumOf(samples, 'http_requests_total', { route, method, status });
    expect(requests('/v1/registrations', 'POST', '201')).toBe(1);
    expect(requests('/v1/registrations/{customerId}', 'GET', '200')).toBe(1);
    expect(requests('/v1/registrations/{customerId}', 'DELETE', '200')).toBe(1);
    expect(requests('/v1/registrations/{customerId}', 'GET', '401')).toBe(1);
    expect(requests('/v1/registrations/{customerId}', 'PUT', '405')).toBe(1);
    expect(requests('unmatched', 'GET', '404')).toBe(1);
    expect(requests('/metrics', 'GET', '401')).toBe(3);
    expect(sumOf(samples, 'http_request_duration_seconds_count', { route: '/v1/registrations', method: 'POST' })).toBe(
      1,
    );
    expect(samples.filter((s) => Object.values(s.labels).some((v) => v.includes(customerId)))).toEqual([]);
    expect(sumOf(samples, 'registration_consents_total', { event: 'granted' })).toBe(1);
    expect(sumOf(samples, 'registration_consents_total', { event: 'revoked' })).toBe(1);
    expect(sumOf(samples, 'sgroup_register_call_duration_seconds_count', { outcome: 'owner-customer' })).toBe(1);
    expect(sumOf(samples, 'sgroup_register_call_failures_total') ?? 0).toBe(0);
  });

  it('reads the CRM consumer lag (0 once consumed) and the outbox gauges (empty once relayed)', async () => {
    await h.activeCustomer();
    let samples: PrometheusSample[] = [];
    await until(
      async () => {
        samples = await scrape();
        return (
          sumOf(samples, 'kafka_consumer_lag', { topic: h.topics.crmContracts }) === 0 &&
          sumOf(samples, 'outbox_backlog_rows') === 0 &&
          (sumOf(samples, 'outbox_publish_duration_seconds_count') ?? 0) > 0
        );
      },
      60_000,
      () => `lag 0, outbox empty, a publish timed: ${JSON.stringify(samples.filter((s) => /lag|outbox/.test(s.name)))}`,
      200,
    );
    expect(samples.filter((s) => s.name === 'kafka_consumer_lag')).toHaveLength(3);
    expect(sumOf(samples, 'outbox_oldest_row_age_seconds')).toBe(0);
    expect(sumOf(samples, 'outbox_parked_rows')).toBe(0);
  });
});
