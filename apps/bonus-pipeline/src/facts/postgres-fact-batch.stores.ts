import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConsentEvent, CrmContractEvent } from '@sa/contracts';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { consentContent, contractChangeContent } from '../domain/fact-content';
import { OUTBOX_RELAY } from '../outbox/outbox-relay.token';
import { RecoveryGate } from '../recovery/recovery-gate';
import { LOCK_NAMESPACE } from '../persistence/bonus-sql';
import { inBonusTransaction } from '../persistence/in-bonus-transaction';
import { PostgresBonusTransaction } from '../persistence/postgres-bonus.transaction';
import { ConsentBatchStore, ContractChangeBatchStore, FactBatchTransaction } from './fact-batch-store.port';
import { OutboxRelayControl } from '@sa/outbox';
import { BonusMetrics } from '../metrics/bonus-metrics';

/** Adapter: consent grants and revocations in `bonus.consent_events`. */
@Injectable()
export class PostgresConsentBatchStore implements ConsentBatchStore {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelayControl,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: BonusPipelineConfig,
    private readonly metrics: BonusMetrics,
    private readonly gate: RecoveryGate,
  ) {}

  inTransaction<T>(work: (tx: FactBatchTransaction<ConsentEvent>) => Promise<T>): Promise<T> {
    return inBonusTransaction(
      this.dataSource,
      this.relay,
      this.metrics,
      (m, q) => new ConsentTransaction(m, this.config, q),
      work,
      this.gate,
    );
  }
}

/** Adapter: contract versions in `bonus.contract_versions`. */
@Injectable()
export class PostgresContractChangeBatchStore implements ContractChangeBatchStore {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelayControl,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: BonusPipelineConfig,
    private readonly metrics: BonusMetrics,
    private readonly gate: RecoveryGate,
  ) {}

  inTransaction<T>(work: (tx: FactBatchTransaction<CrmContractEvent>) => Promise<T>): Promise<T> {
    return inBonusTransaction(
      this.dataSource,
      this.relay,
      this.metrics,
      (m, q) => new ContractChangeTransaction(m, this.config, q),
      work,
      this.gate,
    );
  }
}

class ConsentTransaction extends PostgresBonusTransaction implements FactBatchTransaction<ConsentEvent> {
  lockSubjects(events: ConsentEvent[]): Promise<void> {
    return this.lockStripes([[LOCK_NAMESPACE.customers, events.map((e) => e.customerId)]], 'UPDATE');
  }

  async recordNew(events: ConsentEvent[], recordedAt: Date): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows: { event_id: string }[] = await this.manager.query(
      `INSERT INTO bonus.consent_events (event_id, customer_id, effective_at, event_type, registration_id,
         member_number, household_id, recorded_at)
       SELECT *, $8::timestamptz
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[])
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [
        events.map((e) => e.eventId),
        events.map((e) => e.customerId),
        events.map((e) => e.effectiveAt),
        events.map((e) => e.eventType),
        events.map((e) => e.registrationId),
        events.map((e) => e.memberNumber),
        events.map((e) => e.householdId),
        recordedAt,
      ],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  async storedContent(eventIds: string[]): Promise<Map<string, string>> {
    const records = await this.consentRecords('event_id', eventIds);
    return new Map(records.map((r) => [r.eventId, consentContent(r)]));
  }

  /** Invoices paid by these customers, issued at or after the consent event. */
  affectedInvoices(events: ConsentEvent[]): Promise<Map<string, string>> {
    const changes = events.map((c): Change => [c.customerId, c.effectiveAt, c.eventId]);
    return affectedInvoices(this.manager, 'customer_id', changes);
  }
}

class ContractChangeTransaction extends PostgresBonusTransaction implements FactBatchTransaction<CrmContractEvent> {
  lockSubjects(events: CrmContractEvent[]): Promise<void> {
    return this.lockStripes([[LOCK_NAMESPACE.contracts, events.map((e) => e.contractId)]], 'UPDATE');
  }

  async recordNew(events: CrmContractEvent[], recordedAt: Date): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows: { event_id: string }[] = await this.manager.query(
      `INSERT INTO bonus.contract_versions (event_id, contract_id, changed_at, signer_customer_id, status, recorded_at)
       SELECT *, $6::timestamptz FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[])
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [
        events.map((e) => e.eventId),
        events.map((e) => e.contractId),
        events.map((e) => e.changedAt),
        events.map((e) => e.signerCustomerId),
        events.map((e) => e.status),
        recordedAt,
      ],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  async storedContent(eventIds: string[]): Promise<Map<string, string>> {
    const versions = await this.contractVersions('event_id', eventIds);
    return new Map(versions.map((v) => [v.eventId, contractChangeContent(v)]));
  }

  /** Invoices under these contracts, issued at or after the change. */
  affectedInvoices(events: CrmContractEvent[]): Promise<Map<string, string>> {
    const changes = events.map((c): Change => [c.contractId, c.changedAt, c.eventId]);
    return affectedInvoices(this.manager, 'contract_id', changes);
  }
}

type Change = [subject: string, since: string, eventId: string];

/** invoiceId → the eventId of the last input (in batch order) that alters it. */
async function affectedInvoices(
  manager: EntityManager,
  column: 'contract_id' | 'customer_id',
  changes: Change[],
): Promise<Map<string, string>> {
  if (changes.length === 0) return new Map();
  const rows: { invoice_id: string; event_id: string }[] = await manager.query(
    `SELECT DISTINCT ON (i.invoice_id) i.invoice_id, c.event_id
     FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::int[]) AS c(subject, since, event_id, ord)
     JOIN bonus.invoices i ON i.kind = 'invoice' AND i.${column} = c.subject AND i.issued_at >= c.since
     ORDER BY i.invoice_id, c.ord DESC`,
    [changes.map((c) => c[0]), changes.map((c) => c[1]), changes.map((c) => c[2]), changes.map((_, i) => i)],
  );
  return new Map(rows.map((r) => [r.invoice_id, r.event_id]));
}
