import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BonusPurchaseEvent, topicMessage } from '@sa/contracts';
import { appendToOutbox, outboxMessageFor } from '@sa/outbox';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { Holding } from '../domain/bonus-facts';
import { RecoveredPair, SentPurchase, TopicHolding } from '../domain/sent-purchases';
import { insertLogBatchSql, logBatch } from '../persistence/log-batch.sql';
import { insertHoldingsSql, RECOVERY_LOCK } from '../persistence/bonus-sql';
import { queryWith } from '@sa/persistence';
import { ReconcileTransaction, RecoveryStartTransaction, RecoveryState, RecoveryStore } from './recovery-store.port';

// Instances starting together take turns deciding whether to recover (transaction-scoped).
const STARTUP_LOCK = 0x62630003;

/** Adapter: `bonus.recovery`, `bonus.topic_holdings` and the ledger's reconciliation. */
@Injectable()
export class PostgresRecoveryStore implements RecoveryStore {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: BonusPipelineConfig,
  ) {}

  state(): Promise<RecoveryState | undefined> {
    return readState(this.dataSource.manager, '');
  }

  atStartup<T>(work: (tx: RecoveryStartTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [STARTUP_LOCK]);
      return work(new PostgresRecoveryStart(m));
    });
  }

  reconciling<T>(work: (tx: ReconcileTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((m) => work(new PostgresReconcile(m, this.config)));
  }
}

class PostgresRecoveryStart implements RecoveryStartTransaction {
  constructor(private readonly m: EntityManager) {}

  state(): Promise<RecoveryState | undefined> {
    return readState(this.m, '');
  }

  async isEmpty(): Promise<boolean> {
    const rows: { empty: boolean }[] = await this.m.query(
      `SELECT NOT EXISTS (SELECT 1 FROM bonus.processed_inputs) AND NOT EXISTS (SELECT 1 FROM bonus.ledger)
         AND NOT EXISTS (SELECT 1 FROM bonus.contract_versions) AND NOT EXISTS (SELECT 1 FROM bonus.consent_events)
         AS empty`,
    );
    return rows[0].empty;
  }

  async begin(state: RecoveryState, holdings: TopicHolding[], sent: SentPurchase[], at: Date): Promise<void> {
    // Written after the topic was read, in this transaction: a crash while reading leaves the schema empty (retried).
    await this.m.query(
      `INSERT INTO bonus.recovery (id, mode, source_topic, purchases_read, horizon, started_at)
       VALUES (1, $1, $2, $3, $4::jsonb, $5)`,
      [state.mode, state.sourceTopic, state.purchasesRead, JSON.stringify(state.horizon), at],
    );
    // In slices: one statement per 50,000 holdings keeps each statement's text and memory bounded.
    for (let i = 0; i < holdings.length; i += 50_000) {
      const slice = holdings.slice(i, i + 50_000);
      await queryWith(this.m, (p) => {
        const column = p.columnsOf(slice);
        return `INSERT INTO bonus.topic_holdings (invoice_id, member_number, household_id, net_amount_cents, events)
          SELECT * FROM unnest(${column((h) => h.invoiceId)}, ${column((h) => h.memberNumber)},
            ${column((h) => h.householdId)}, ${column((h) => h.netCents, 'bigint')},
            ${column((h) => h.events, 'int')})`;
      });
    }
    // The purchase log holds what the topic carries; a purchase carries no correction flag of its own (false).
    for (let i = 0; i < sent.length; i += 50_000) {
      const slice = sent.slice(i, i + 50_000);
      const json = slice.map((purchase) => JSON.stringify(purchase)); // as read from the topic
      await queryWith(this.m, (p) => insertLogBatchSql(p, purchasesOnly(slice), p.column(json)));
    }
  }
}

class PostgresReconcile implements ReconcileTransaction {
  constructor(
    private readonly m: EntityManager,
    private readonly config: BonusPipelineConfig,
  ) {}

  async lockState(): Promise<RecoveryState | undefined> {
    await this.m.query(`SELECT pg_advisory_xact_lock($1)`, [RECOVERY_LOCK]);
    return readState(this.m, 'FOR UPDATE');
  }

  async pairs(): Promise<RecoveredPair[]> {
    const rows: {
      invoice_id: string;
      member_number: string;
      rules_household: string | null;
      rules_net: string | null;
      topic_household: string | null;
      topic_net: string | null;
      topic_events: number | null;
      event_id: string | null;
      issued_at: Date | null;
    }[] = await this.m.query(
      `SELECT coalesce(l.invoice_id, t.invoice_id) AS invoice_id, coalesce(l.member_number, t.member_number)
           AS member_number, l.household_id AS rules_household, l.net_amount_cents AS rules_net,
         t.household_id AS topic_household, t.net_amount_cents AS topic_net, t.events AS topic_events,
         i.event_id, i.issued_at
       FROM bonus.ledger l
       FULL JOIN bonus.topic_holdings t ON t.invoice_id = l.invoice_id AND t.member_number = l.member_number
       LEFT JOIN bonus.invoices i ON i.invoice_id = coalesce(l.invoice_id, t.invoice_id) AND i.kind = 'invoice'
       ORDER BY 1, 2`,
    );
    return rows.map((r) => ({
      invoiceId: r.invoice_id,
      memberNumber: r.member_number,
      rules: r.rules_net === null ? undefined : { householdId: r.rules_household!, netCents: Number(r.rules_net) },
      topic:
        r.topic_net === null
          ? undefined
          : {
              invoiceId: r.invoice_id,
              memberNumber: r.member_number,
              householdId: r.topic_household!,
              netCents: Number(r.topic_net),
              events: r.topic_events!,
            },
      invoice: r.event_id === null ? undefined : { sourceEventId: r.event_id, purchasedAt: r.issued_at!.toISOString() },
    }));
  }

  async finish(ledger: Holding[], purchases: BonusPurchaseEvent[], at: Date): Promise<void> {
    await this.m.query(`DELETE FROM bonus.ledger`);
    for (let i = 0; i < ledger.length; i += 50_000)
      await queryWith(this.m, (p) => insertHoldingsSql(p, ledger.slice(i, i + 50_000)));
    // The missing purchases commit with the ledger that counts them sent: the relay publishes only what committed.
    const rows = purchases.map((p) =>
      outboxMessageFor(this.config.topics, topicMessage('bonusPurchases', p.memberNumber, p)),
    );
    await appendToOutbox(this.m, this.config.database.schema, rows);
    // The log holds what was (or will be) published, as batches write it: the outbox rows' JSON.
    if (purchases.length > 0) {
      const json = rows.map((r) => r.value);
      await queryWith(this.m, (p) => insertLogBatchSql(p, purchasesOnly(purchases), p.column(json)));
    }
    await this.m.query(
      `UPDATE bonus.recovery SET mode = 'live', reconciled_at = $1, reconcile_purchases = $2 WHERE id = 1`,
      [at, purchases.length],
    );
  }
}

async function readState(m: EntityManager, lock: '' | 'FOR UPDATE'): Promise<RecoveryState | undefined> {
  const rows: { mode: RecoveryState['mode']; source_topic: string; purchases_read: string; horizon: unknown }[] =
    await m.query(`SELECT mode, source_topic, purchases_read, horizon FROM bonus.recovery WHERE id = 1 ${lock}`);
  if (rows.length === 0) return undefined;
  const r = rows[0];
  return {
    mode: r.mode,
    sourceTopic: r.source_topic,
    purchasesRead: Number(r.purchases_read),
    horizon: r.horizon as RecoveryState['horizon'],
  };
}

/** A log row of purchases alone: a recovered or reconciled purchase is not announced by a correction decision. */
function purchasesOnly(purchases: readonly SentPurchase[]) {
  return logBatch([], purchases, new Map());
}
