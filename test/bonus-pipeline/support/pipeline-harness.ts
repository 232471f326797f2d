import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { TopicNames } from '@sa/contracts';
import { JsonLogger } from '@sa/platform';
import { loadBonusPipelineConfig } from '../../../apps/bonus-pipeline/src/bonus-pipeline.config';
import { startBonusPipeline } from '../../../apps/bonus-pipeline/src/start-bonus-pipeline';
import { KafkaProbe, ReceivedMessage, until } from '../../support/kafka-probe';
import {
  createTestDatabase,
  kafkaBrokers,
  opsEnv,
  TestDatabase,
  testKafka,
  topicEnv,
  uniqueSuffix,
  uniqueTopics,
} from '../../support/test-infra';

export interface Purchase {
  eventId: string;
  eventType: string;
  memberNumber: string;
  householdId: string;
  invoiceId: string;
  sourceEventId: string;
  purchasedAt: string;
  amountCents: number;
}

export interface DecisionMessage {
  eventId: string;
  invoiceId: string;
  sourceEventId: string;
  customerId: string;
  decision: string;
  reason?: string | null;
  eligibleAmountCents: number;
  amountChangeCents?: number;
  correction?: boolean;
  causeEventId?: string;
  creditedInvoiceId?: string;
  creditedCents?: number;
}

/** One suite's pipeline: its own topics, database and consumer group, plus a probe on its outputs. */
export class PipelineHarness {
  readonly probe = new KafkaProbe(testKafka('bonus-probe'));
  readonly apps: INestApplication[] = [];

  private constructor(
    readonly topics: TopicNames,
    readonly db: TestDatabase,
    readonly env: Record<string, string>,
  ) {}

  static async create(extraEnv: Record<string, string> = {}): Promise<PipelineHarness> {
    const topics = uniqueTopics();
    const db = await createTestDatabase('bp');
    const env = {
      KAFKA_BROKERS: kafkaBrokers(),
      DATABASE_URL: db.url,
      HTTP_PORT: '0',
      KAFKA_GROUP_ID: `bonus-pipeline-${uniqueSuffix()}`,
      BONUS_CORRECTION_WINDOW_DAYS: '36500',
      LOG_LEVEL: 'warn',
      ...opsEnv(),
      ...topicEnv(topics),
      ...extraEnv,
    };
    const harness = new PipelineHarness(topics, db, env);
    await harness.probe.createTopics([topics.invoices], 6);
    await harness.probe.createTopics(
      [topics.crmContracts, topics.consents, topics.bonusPurchases, topics.invoiceDecisions, topics.deadLetters],
      3,
    );
    await harness.probe.watch([topics.bonusPurchases, topics.invoiceDecisions, topics.deadLetters]);
    return harness;
  }

  /** Boots the pipeline in this process (as `main.ts` does, minus signal handling). */
  async startInProcess(extraEnv: Record<string, string> = {}): Promise<INestApplication> {
    const config = loadBonusPipelineConfig({ ...this.env, ...extraEnv });
    const app = await startBonusPipeline(
      config,
      new JsonLogger('bonus-pipeline', config.logLevel, (line) => process.stderr.write(`${line}\n`)),
    );
    this.apps.push(app);
    return app;
  }

  async sendInvoices(values: object[]): Promise<void> {
    if (values.length === 0) return;
    await this.probe.send(
      this.topics.invoices,
      values.map((v) => ({ key: (v as { invoiceId?: string }).invoiceId ?? null, value: JSON.stringify(v) })),
    );
  }

  async sendContracts(values: { contractId: string }[]): Promise<void> {
    if (values.length === 0) return;
    await this.probe.send(
      this.topics.crmContracts,
      values.map((v) => ({ key: v.contractId, value: JSON.stringify(v) })),
    );
  }

  async sendConsents(values: { customerId: string }[]): Promise<void> {
    if (values.length === 0) return;
    await this.probe.send(
      this.topics.consents,
      values.map((v) => ({ key: v.customerId, value: JSON.stringify(v) })),
    );
  }

  /** Waits until the pipeline recorded these contract or consent events (they produce no output of their own). */
  async waitForAbsorbed(eventIds: string[], timeoutMs = 60_000): Promise<void> {
    const client = new Client({ connectionString: this.db.url });
    await client.connect();
    try {
      await until(
        async () => {
          const { rows } = await client
            .query(
              `SELECT count(*)::int AS n FROM (
                 SELECT event_id FROM bonus.contract_versions WHERE event_id = ANY($1)
                 UNION ALL SELECT event_id FROM bonus.consent_events WHERE event_id = ANY($1)
               ) x`,
              [eventIds],
            )
            .catch(() => ({ rows: [{ n: -1 }] }));
          return rows[0].n === eventIds.length;
        },
        timeoutMs,
        `pipeline to record ${eventIds.length} contract/consent event(s)`,
        100,
      );
    } finally {
      await client.end();
    }
  }

  purchases(): Purchase[] {
    return this.probe.on(this.topics.bonusPurchases).map((m) => m.json<Purchase>());
  }

  decisions(): DecisionMessage[] {
    return this.probe.on(this.topics.invoiceDecisions).map((m) => m.json<DecisionMessage>());
  }

  deadLetters(): ReceivedMessage[] {
    return this.probe.on(this.topics.deadLetters);
  }

  decisionFor(sourceEventId: string): DecisionMessage | undefined {
    return this.decisions().find((d) => d.sourceEventId === sourceEventId);
  }

  async waitForDecisions(sourceEventIds: string[], timeoutMs = 60_000): Promise<DecisionMessage[]> {
    await until(
      () => sourceEventIds.every((id) => this.decisionFor(id)),
      timeoutMs,
      `decisions for ${sourceEventIds.join(', ')}`,
    );
    return sourceEventIds.map((id) => this.decisionFor(id)!);
  }

  /** A correction decision (or CORRECTION_SKIPPED) caused by `causeEventId` for one invoice, once it arrived. */
  async waitForCorrection(invoiceId: string, causeEventId: string, timeoutMs = 60_000): Promise<DecisionMessage> {
    const find = () =>
      this.decisions().find((d) => d.correction && d.invoiceId === invoiceId && d.causeEventId === causeEventId);
    await until(() => find() !== undefined, timeoutMs, `correction of ${invoiceId} caused by ${causeEventId}`);
    return find()!;
  }

  /**
   * Per invoice, over distinct eventIds: Σ of the decisions' amountChangeCents (a credit note's decision counts
   * for the invoice it credits) and Σ of the purchases' amountCents.
   */
  totalsPerInvoice(): { decided: Record<string, number>; purchased: Record<string, number> } {
    const decided: Record<string, number> = {};
    const purchased: Record<string, number> = {};
    const seen = new Set<string>();
    for (const d of this.decisions()) {
      if (seen.has(d.eventId)) continue;
      seen.add(d.eventId);
      const invoiceId = d.creditedInvoiceId ?? d.invoiceId;
      decided[invoiceId] = (decided[invoiceId] ?? 0) + (d.amountChangeCents ?? 0);
    }
    for (const p of this.purchases()) {
      if (seen.has(p.eventId)) continue;
      seen.add(p.eventId);
      purchased[p.invoiceId] = (purchased[p.invoiceId] ?? 0) + p.amountCents;
    }
    for (const id of Object.keys(decided)) purchased[id] ??= 0;
    for (const id of Object.keys(purchased)) decided[id] ??= 0;
    return { decided, purchased };
  }

  /** Net amountCents per member for one invoice, as S-Group would sum it. */
  netOf(invoiceId: string): Record<string, number> {
    const net: Record<string, number> = {};
    for (const p of this.purchases())
      if (p.invoiceId === invoiceId) net[p.memberNumber] = (net[p.memberNumber] ?? 0) + p.amountCents;
    for (const k of Object.keys(net)) if (net[k] === 0) delete net[k];
    return net;
  }

  async waitForNet(invoiceId: string, expected: Record<string, number>, timeoutMs = 60_000): Promise<void> {
    await until(
      () => JSON.stringify(sorted(this.netOf(invoiceId))) === JSON.stringify(sorted(expected)),
      timeoutMs,
      `net of ${invoiceId} = ${JSON.stringify(expected)} (have ${JSON.stringify(this.netOf(invoiceId))})`,
    );
  }

  /** Lets in-flight work finish, so a test can assert that nothing more arrives. */
  async quiesce(ms = 1500): Promise<void> {
    let last = -1;
    await until(
      async () => {
        const now = this.probe.received.length;
        const stable = now === last;
        last = now;
        return stable;
      },
      60_000,
      'outputs to settle',
      ms,
    );
  }

  /**
   * Deadlocks PostgreSQL detected in this suite's own database so far (pg_stat_database is per
   * database, so other suites and helpers on the shared server do not count). Statistics reach the
   * view within about a second of the transaction that produced them: wait for outputs to settle first.
   */
  async deadlocks(): Promise<number> {
    const client = new Client({ connectionString: this.db.url });
    await client.connect();
    try {
      await client.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await client.query<{ n: string }>(
        'SELECT deadlocks AS n FROM pg_stat_database WHERE datname = current_database()',
      );
      return Number(rows[0].n);
    } finally {
      await client.end();
    }
  }

  async close(): Promise<void> {
    for (const app of this.apps) await app.close().catch(() => undefined);
    await this.probe.close();
    await this.db.drop().catch(() => undefined);
  }
}

function sorted(o: Record<string, number>): [string, number][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));
}
