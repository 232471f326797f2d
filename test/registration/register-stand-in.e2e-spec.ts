import request from 'supertest';
import { JsonLogger } from '@sa/platform';
import { demoSeedPath, StandInApp, startStandInApp } from '../../apps/sgroup-registry-stand-in/src';

describe('S-Group owner-customer register stand-in over HTTP', () => {
  let standIn: StandInApp;
  const http = () => request(standIn.app.getHttpServer());

  beforeAll(async () => {
    standIn = await startStandInApp(
      { logLevel: 'warn', shutdownTimeoutMs: 5000, http: { host: '127.0.0.1', port: 0 }, seedFile: demoSeedPath() },
      new JsonLogger('stand-in', 'error', () => undefined),
    );
  });

  afterAll(async () => {
    await standIn?.app.close();
  });

  it('answers as CONTRACT.md describes: 200 with the household, 404 when unknown', async () => {
    expect((await http().get('/v1/owner-customers/1234567890')).body).toEqual({
      memberNumber: '1234567890',
      householdId: 'H-42',
      ownerCustomer: true,
    });
    expect((await http().get('/v1/owner-customers/8901234567')).body).toEqual({
      memberNumber: '8901234567',
      householdId: null,
      ownerCustomer: false,
    });
    expect((await http().get('/v1/owner-customers/0000000001')).status).toBe(404);
  });

  it('changes over HTTP: PUT adds or updates a member, DELETE removes one', async () => {
    expect(
      (await http().put('/v1/owner-customers/1111111111').send({ householdId: 'H-9', ownerCustomer: true })).status,
    ).toBe(200);
    expect((await http().get('/v1/owner-customers/1111111111')).body.householdId).toBe('H-9');
    expect((await http().put('/v1/owner-customers/1111111111').send({ ownerCustomer: 'yes' })).status).toBe(400);
    expect(
      (await http().put('/v1/owner-customers/6046123412341234').send({ householdId: 'H-9', ownerCustomer: true }))
        .status,
    ).toBe(400);
    expect((await http().delete('/v1/owner-customers/1111111111')).status).toBe(204);
    expect((await http().get('/v1/owner-customers/1111111111')).status).toBe(404);
  });

  it('simulates an outage and slowness, and recovers', async () => {
    expect((await http().put('/admin/behaviour').send({ delayMs: 0, failWith503: true })).status).toBe(200);
    expect((await http().get('/v1/owner-customers/1234567890')).status).toBe(503);
    await http().put('/admin/behaviour').send({ delayMs: 300, failWith503: false });
    const started = Date.now();
    expect((await http().get('/v1/owner-customers/1234567890')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await http().put('/admin/behaviour').send({ delayMs: 0, failWith503: false });
    expect((await http().put('/admin/behaviour').send({ delayMs: -1 })).status).toBe(400);
    expect((await http().get('/health/ready')).status).toBe(200);
  });
});
