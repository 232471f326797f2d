import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { createMetricsRegistry } from '@sa/platform';
import { RegistrationMetrics } from '../metrics/registration-metrics';
import { HttpOwnerCustomerRegister, parseOwnerCustomer } from './http-owner-customer-register.adapter';

// A real local HTTP server: the adapter is exercised over the wire, with nothing mocked.
describe('HttpOwnerCustomerRegister', () => {
  let server: Server;
  let handler: (req: IncomingMessage, res: ServerResponse) => void;
  let hits: string[];
  let url: string;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      handler(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  let metrics: RegistrationMetrics;
  beforeEach(() => {
    hits = [];
    metrics = new RegistrationMetrics(createMetricsRegistry('registration-service'));
  });

  // A timeout no busy machine reaches: only the timeout test itself may time out.
  const adapter = (retries = 2, timeoutMs = 30_000) =>
    new HttpOwnerCustomerRegister({ sgroupRegistry: { url, timeoutMs, retries, retryDelayMs: 5 } }, metrics);
  const json = (status: number, body: unknown) => (_req: IncomingMessage, res: ServerResponse) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  it('reads an owner-customer household', async () => {
    handler = json(200, { memberNumber: '1234567890', householdId: 'H-42', ownerCustomer: true });
    expect(await adapter().lookup('1234567890')).toEqual({ kind: 'owner-customer', householdId: 'H-42' });
    expect(hits).toEqual(['/v1/owner-customers/1234567890']);
  });

  it('reads a member outside any owner-customer household, and a 404 as unknown, without retrying', async () => {
    handler = json(200, { memberNumber: '1234567890', householdId: null, ownerCustomer: false });
    expect(await adapter().lookup('1234567890')).toEqual({ kind: 'not-owner-customer' });
    handler = json(404, { message: 'unknown' });
    expect(await adapter().lookup('1234567890')).toEqual({ kind: 'unknown' });
    expect(hits).toHaveLength(2);
  });

  it('retries a 503 a bounded number of times, then reports unavailable', async () => {
    handler = json(503, {});
    expect(await adapter(2).lookup('1234567890')).toEqual({ kind: 'unavailable', reason: 'HTTP 503' });
    expect(hits).toHaveLength(3);
    const text = await metrics.registry.metrics();
    expect(text).toContain('sgroup_register_call_failures_total{reason="http_5xx",service="registration-service"} 3');
    expect(text).toMatch(/sgroup_register_call_duration_seconds_count\{[^}]*outcome="unavailable"[^}]*\} 1/);
  });

  it('recovers when a retry succeeds', async () => {
    let n = 0;
    handler = (req, res) =>
      n++ === 0
        ? json(500, {})(req, res)
        : json(200, { memberNumber: '1234567890', householdId: 'H-1', ownerCustomer: true })(req, res);
    expect(await adapter(1).lookup('1234567890')).toEqual({ kind: 'owner-customer', householdId: 'H-1' });
    const text = await metrics.registry.metrics();
    expect(text).toContain('sgroup_register_call_failures_total{reason="http_5xx",service="registration-service"} 1');
    expect(text).toMatch(/sgroup_register_call_duration_seconds_count\{[^}]*outcome="owner-customer"[^}]*\} 1/);
  });

  it('gives up on a register that does not answer within the timeout', async () => {
    // Never answers: the test waits for the adapter to give up; how many attempts reached this
    // in-process server before their timeout depends on the machine, so it is not asserted.
    handler = () => undefined;
    expect(await adapter(1, 100).lookup('1234567890')).toEqual({
      kind: 'unavailable',
      reason: 'no answer within 100 ms',
    });
    expect(await metrics.registry.getSingleMetricAsString('sgroup_register_call_failures_total')).toContain(
      'sgroup_register_call_failures_total{reason="timeout",service="registration-service"} 2',
    );
  });

  it('reports an unreachable register as unavailable', async () => {
    const closed = new HttpOwnerCustomerRegister(
      { sgroupRegistry: { url: 'http://127.0.0.1:1', timeoutMs: 30_000, retries: 1, retryDelayMs: 1 } },
      metrics,
    );
    expect((await closed.lookup('1234567890')).kind).toBe('unavailable');
  });

  it('never turns a malformed answer into a household', () => {
    expect(
      parseOwnerCustomer({ memberNumber: '9999999999', householdId: 'H', ownerCustomer: true }, '1234567890').kind,
    ).toBe('unavailable');
    expect(
      parseOwnerCustomer({ memberNumber: '1234567890', householdId: '', ownerCustomer: true }, '1234567890').kind,
    ).toBe('unavailable');
    expect(
      parseOwnerCustomer({ memberNumber: '1234567890', householdId: 'H', ownerCustomer: 'yes' }, '1234567890').kind,
    ).toBe('unavailable');
    expect(parseOwnerCustomer(null, '1234567890').kind).toBe('unavailable');
  });
});
