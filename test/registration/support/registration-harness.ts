import { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import request from 'supertest';
import { TopicNames } from '@sa/contracts';
import { JsonLogger, parseOpsCredentials } from '@sa/platform';
import { PostgresApiKeyStore } from '../../../apps/registration-service/src/auth/postgres-api-key.store';
import { IssueApiKeyUseCase } from '../../../apps/registration-service/src/auth/issue-api-key.use-case';
import { RegistrationConfig } from '../../../apps/registration-service/src/config/registration.config';
import { DATA_SOURCE } from '../../../apps/registration-service/src/infrastructure/database.providers';
import { startRegistrationApp } from '../../../apps/registration-service/src/registration-app';
import { StandInApp, startStandInApp } from '../../../apps/sgroup-registry-stand-in/src';
import { KafkaProbe, until } from '../../support/kafka-probe';
import {
  createTestDatabase,
  kafkaBrokers,
  opsEnv,
  TestDatabase,
  testKafka,
  uniqueSuffix,
  uniqueTopics,
} from '../../support/test-infra';
import { DataSource } from 'typeorm';

export { until };

type RegistrationRegister = RegistrationConfig['sgroupRegistry'];

export const OWNER = { memberNumber: '1234567890', householdId: 'H-42' };
export const OTHER_OWNER = { memberNumber: '2345678901', householdId: 'H-77' };
export const NOT_OWNER = '8901234567';
export const UNKNOWN_MEMBER = '5555555555';

const SEED = [
  { memberNumber: OWNER.memberNumber, householdId: OWNER.householdId, ownerCustomer: true },
  { memberNumber: OTHER_OWNER.memberNumber, householdId: OTHER_OWNER.householdId, ownerCustomer: true },
  { memberNumber: NOT_OWNER, householdId: null, ownerCustomer: false },
];

/**
 * One suite's world on the real broker and database: its own database and topics, the register
 * stand-in, and the registration service booted in-process, plus an API key for agent-17.
 */
export class RegistrationHarness {
  readonly logLines: string[] = [];
  app!: NestExpressApplication;
  standIn!: StandInApp;
  db!: TestDatabase;
  pg!: Client;
  probe!: KafkaProbe;
  key!: string;
  readonly topics: TopicNames = uniqueTopics();
  private readonly kafka = testKafka('registration-e2e');

  static async start(options: { relay?: boolean } = {}): Promise<RegistrationHarness> {
    const harness = new RegistrationHarness();
    await harness.boot(options);
    return harness;
  }

  private async boot({ relay = true }: { relay?: boolean }): Promise<void> {
    this.db = await createTestDatabase('reg');
    const logger = new JsonLogger('sgroup-registry-stand-in', 'warn', (l) => this.logLines.push(l));
    this.standIn = await startStandInApp(
      { logLevel: 'warn', shutdownTimeoutMs: 5000, http: { host: '127.0.0.1', port: 0 }, seedFile: null },
      logger,
    );
    for (const member of SEED) this.standIn.directory.put(member);
    this.probe = new KafkaProbe(this.kafka);
    // Created and served before the service starts, so neither its consumer nor this suite's producer
    // races the new topics' metadata on a busy machine.
    const { crmContracts, consents, deadLetters } = this.topics;
    await this.probe.createTopics([crmContracts, consents, deadLetters], 3);
    this.app = await this.startApp(relay);
    await this.probe.watch([this.topics.consents, this.topics.deadLetters]);
    this.key = await this.issueKey('agent-17');
    this.pg = new Client({ connectionString: this.db.url });
    await this.pg.connect();
  }

  /** `register` overrides the register client settings (a test of its timeout shortens them). */
  config(relay: boolean, register: Partial<RegistrationRegister> = {}): RegistrationConfig {
    return {
      logLevel: 'info',
      shutdownTimeoutMs: 10_000,
      http: { host: '127.0.0.1', port: 0 },
      database: { url: this.db.url, schema: 'registration', poolSize: 10 },
      kafka: {
        brokers: kafkaBrokers().split(','),
        clientId: `registration-e2e-${uniqueSuffix()}`,
        groupId: `registration-e2e-${uniqueSuffix()}`,
        topicPartitions: 3,
        maxBatchSize: 100,
      },
      topics: this.topics,
      // A generous timeout: the stand-in shares this busy process; the timeout test sets its own.
      sgroupRegistry: { url: this.standIn.url, timeoutMs: 10_000, retries: 1, retryDelayMs: 20, ...register },
      outboxRelay: { enabled: relay },
      opsCredentials: parseOpsCredentials(opsEnv().OPS_CREDENTIALS.split(',')),
    };
  }

  /** Boots the service (again) on this suite's database and topics. */
  async startApp(relay: boolean, register: Partial<RegistrationRegister> = {}): Promise<NestExpressApplication> {
    const logger = new JsonLogger('registration-service', 'info', (l) => this.logLines.push(l));
    return startRegistrationApp(this.config(relay, register), { logger });
  }

  async issueKey(agentId: string): Promise<string> {
    const outcome = await new IssueApiKeyUseCase(
      new PostgresApiKeyStore(this.app.get<DataSource>(DATA_SOURCE), 'registration'),
    ).execute(agentId);
    if (outcome.kind !== 'issued') throw new Error('could not issue a key');
    return outcome.key;
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  register(body: unknown, key = this.key) {
    return this.http
      .post('/v1/registrations')
      .set('Authorization', `Bearer ${key}`)
      .send(body as object);
  }

  revoke(customerId: string, key = this.key) {
    return this.http
      .delete(`/v1/registrations/${encodeURIComponent(customerId)}`)
      .set('Authorization', `Bearer ${key}`);
  }

  read(customerId: string, key = this.key) {
    return this.http.get(`/v1/registrations/${encodeURIComponent(customerId)}`).set('Authorization', `Bearer ${key}`);
  }

  /** Sends contract changes on the CRM topic and waits until the service has stored them all. */
  async sendContracts(changes: ContractChange[]): Promise<void> {
    for (const change of changes) await this.probe.sendJson(this.topics.crmContracts, change.contractId, [change]);
    const ids = changes.map((c) => c.eventId);
    await until(
      async () => (await this.count('contract_versions', 'event_id = ANY($1)', [ids])) === new Set(ids).size,
      60_000,
      'contract changes stored',
    );
  }

  /** Gives a customer an ACTIVE contract since yesterday. */
  async activeCustomer(customerId = newCustomer()): Promise<string> {
    await this.sendContracts([contract(customerId, 'ACTIVE', hoursAgo(24))]);
    return customerId;
  }

  async count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
    const { rows } = await this.pg.query(`SELECT count(*)::int AS n FROM registration.${table} WHERE ${where}`, params);
    return rows[0].n as number;
  }

  /** Consent events published for a customer (in topic order, which is per-key order). */
  consentsFor(customerId: string) {
    return this.probe
      .on(this.topics.consents)
      .filter((m) => m.key === customerId)
      .map((m) => m.json<Record<string, string>>());
  }

  async close(): Promise<void> {
    await this.app?.close();
    await this.standIn?.app.close();
    await this.probe?.close();
    await this.pg?.end();
    await this.db?.drop();
  }
}

export interface ContractChange {
  eventId: string;
  contractId: string;
  signerCustomerId: string;
  status: 'QUOTE' | 'ACTIVE' | 'TERMINATED';
  changedAt: string;
}

export function contract(
  signerCustomerId: string,
  status: ContractChange['status'],
  changedAt: string,
  contractId = `K-${uniqueSuffix()}`,
): ContractChange {
  return { eventId: `e-${uniqueSuffix()}${uniqueSuffix()}`, contractId, signerCustomerId, status, changedAt };
}

export function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * 3_600_000).toISOString();
}

export function newCustomer(): string {
  return `C-${uniqueSuffix()}`;
}
