import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../tools/infra/free-port';
import { repoRoot } from '../../tools/infra/repo-root';
import { demoSeedPath } from '../../apps/sgroup-registry-stand-in/src';
import { KafkaProbe, until } from '../support/kafka-probe';
import { ServiceProcess, startServiceProcess } from '../support/service-process';
import {
  createTestDatabase,
  kafkaBrokers,
  TestDatabase,
  testKafka,
  topicEnv,
  uniqueTopics,
} from '../support/test-infra';

// The compiled apps as production runs them (`npm run build` first): CLI-issued key, demo seed, SIGTERM.
describe('compiled registration service and register stand-in as processes', () => {
  const topics = uniqueTopics();
  const probe = new KafkaProbe(testKafka());
  let db: TestDatabase;
  let standIn: ServiceProcess;
  let service: ServiceProcess;
  let port: number;

  beforeAll(async () => {
    db = await createTestDatabase('regproc');
    // Served before the service starts, so its consumer and this test's producer never race them.
    await probe.createTopics([topics.crmContracts, topics.consents, topics.deadLetters], 3);
    const standInPort = await freePort();
    port = await freePort();
    standIn = startServiceProcess('sgroup-registry-stand-in', {
      HTTP_PORT: String(standInPort),
      SGROUP_SEED_FILE: demoSeedPath(),
    });
    service = startServiceProcess('registration-service', {
      ...topicEnv(topics),
      KAFKA_BROKERS: kafkaBrokers(),
      DATABASE_URL: db.url,
      HTTP_PORT: String(port),
      SGROUP_REGISTRY_URL: `http://127.0.0.1:${standInPort}`,
      KAFKA_GROUP_ID: `reg-proc-${topics.consents.slice(-8)}`,
    });
    await Promise.all([standIn.waitUntilReady(standInPort), service.waitUntilReady(port)]);
    await probe.watch([topics.consents]);
  });

  afterAll(async () => {
    await Promise.all([service?.stop(), standIn?.stop()]);
    await probe.close();
    await db?.drop();
  });

  it(
    'registers with a CLI-issued key, publishes the consent, logs masked numbers only, ' +
      'and stops cleanly on SIGTERM',
    async () => {
      const root = repoRoot();
      const cli = spawnSync(
        process.execPath,
        [
          '-r',
          join(root, 'dist/libs/platform/src/runtime/register-aliases.js'),
          join(root, 'dist/apps/registration-service/src/cli/issue-api-key.js'),
          '--agent',
          'agent-17',
        ],
        {
          env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url },
          encoding: 'utf8',
        },
      );
      expect(cli.status).toBe(0);
      const key = cli.stdout.trim();
      const pg = new Client({ connectionString: db.url });
      await pg.connect();
      try {
        expect((await pg.query('SELECT agent_id, key_sha256 FROM registration.api_keys')).rows).toEqual([
          { agent_id: 'agent-17', key_sha256: expect.any(Buffer) },
        ]);
        expect(JSON.stringify((await pg.query('SELECT * FROM registration.api_keys')).rows)).not.toContain(key);
      } finally {
        await pg.end();
      }

      await probe.send(topics.crmContracts, [
        {
          key: 'K-1',
          value: JSON.stringify({
            eventId: 'e-1',
            contractId: 'K-1',
            signerCustomerId: 'C-1001',
            status: 'ACTIVE',
            changedAt: '2026-01-10T12:00:00Z',
          }),
        },
      ]);
      const register = () =>
        fetch(`http://127.0.0.1:${port}/v1/registrations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ customerId: 'C-1001', memberNumber: '1234567890', channel: 'PHONE', consent: true }),
        });
      await until(
        async () => (await register()).status === 201,
        60_000,
        'registration accepted once the contract is consumed',
        200,
      );
      const [event] = await probe.waitFor(topics.consents, 1);
      expect(event.key).toBe('C-1001');
      expect(event.json()).toMatchObject({
        eventType: 'ConsentGranted',
        memberNumber: '1234567890',
        householdId: 'H-42',
        recordedBy: 'agent-17',
      });

      expect(await service.stop('SIGTERM')).toBe(0);
      expect(service.output()).not.toContain('1234567890');
      expect(service.output()).toContain('******7890');
    },
  );
});
