import { DynamicModule, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { checkKafka, ConsumerHealth } from '@sa/kafka';
import { APP_GUARD } from '@nestjs/core';
import {
  HealthController,
  METRICS_REGISTRY,
  MetricsController,
  OPS_CREDENTIALS,
  OPS_ACCESS_OPTIONS,
  OpsAccessGuard,
  OpsAccessOptions,
  READINESS_CHECKS,
  ReadinessCheck,
} from '@sa/platform';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from './bonus-pipeline.config';
import { DEAD_LETTER_STORE } from './dead-letters/dead-letter-store.port';
import { PostgresDeadLetterStore } from './dead-letters/postgres-dead-letter.store';
import { RecordUnprocessableInputUseCase } from './dead-letters/record-unprocessable-input.use-case';
import { DEAD_LETTER_ARCHIVE } from './dead-letters/dead-letter-archive.port';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { ListDeadLettersUseCase } from './dead-letters/list-dead-letters.use-case';
import { PostgresDeadLetterArchive } from './dead-letters/postgres-dead-letter.archive';
import { RedriveDeadLettersUseCase } from './dead-letters/redrive-dead-letters.use-case';
import { ShowDeadLetterUseCase } from './dead-letters/show-dead-letter.use-case';
import { DecideInputs } from './kafka-inputs/decide-inputs';
import { ListParkedOutboxRowsUseCase } from './parked-outbox/list-parked-outbox-rows.use-case';
import { ParkedOutboxController } from './parked-outbox/parked-outbox.controller';
import { PARKED_OUTBOX } from './parked-outbox/parked-outbox.port';
import { PostgresParkedOutbox } from './parked-outbox/postgres-parked-outbox.store';
import { RepublishParkedOutboxRowsUseCase } from './parked-outbox/republish-parked-outbox-rows.use-case';
import { CorrectAfterConsentsUseCase } from './facts/correct-after-consents.use-case';
import { CorrectAfterContractChangesUseCase } from './facts/correct-after-contract-changes.use-case';
import { CONSENT_BATCH_STORE, CONTRACT_CHANGE_BATCH_STORE } from './facts/fact-batch-store.port';
import { FactsHandler } from './facts/facts.handler';
import { PostgresConsentBatchStore, PostgresContractChangeBatchStore } from './facts/postgres-fact-batch.stores';
import { INVOICE_BATCH_STORE } from './invoices/invoice-batch-store.port';
import { InvoicesHandler } from './invoices/invoices.handler';
import { PostgresInvoiceBatchStore } from './invoices/postgres-invoice-batch.store';
import { ProcessInvoiceBatchUseCase } from './invoices/process-invoice-batch.use-case';
import { BonusOutboxRelayLifecycle } from './outbox/bonus-outbox-relay.lifecycle';
import { OUTBOX_RELAY } from './outbox/outbox-relay.token';
import { GetSummaryUseCase } from './summary/get-summary.use-case';
import { PostgresSummaryReader } from './summary/postgres-summary.reader';
import { SUMMARY_READER } from './summary/summary-reader.port';
import { SummaryController } from './summary/summary.controller';
import { ExplainInvoiceUseCase } from './explanation/explain-invoice.use-case';
import { InvoiceExplanationController } from './explanation/invoice-explanation.controller';
import { INVOICE_EXPLANATION_READER } from './explanation/invoice-explanation-reader.port';
import { PostgresInvoiceExplanationReader } from './explanation/postgres-invoice-explanation.reader';
import { PostgresReconciliationReader } from './reconciliation/postgres-reconciliation.reader';
import { ReconcileMonthUseCase } from './reconciliation/reconcile-month.use-case';
import { RECONCILIATION_READER } from './reconciliation/reconciliation-reader.port';
import { ReconciliationController } from './reconciliation/reconciliation.controller';
import { OutboxRelayControl } from '@sa/outbox';
import { BonusMetrics } from './metrics/bonus-metrics';
import { KafkaRecoveryTopics } from './recovery/kafka-recovery.topics';
import { PostgresRecoveryStore } from './recovery/postgres-recovery.store';
import { RebuildSentPurchasesUseCase } from './recovery/rebuild-sent-purchases.use-case';
import { ReconcileAfterCatchUpUseCase } from './recovery/reconcile-after-catch-up.use-case';
import { RecoveryGate } from './recovery/recovery-gate';
import { RECOVERY_STORE } from './recovery/recovery-store.port';
import { RECOVERY_TOPICS } from './recovery/recovery-topics.port';
import { RecoveryLifecycle } from './recovery/recovery.lifecycle';

/** What start-bonus-pipeline builds before Nest: a migrated data source, the Kafka client, the relay. */
export interface BonusPipelineDependencies {
  config: BonusPipelineConfig;
  kafka: Kafka;
  dataSource: DataSource;
  relay: OutboxRelayControl;
  consumerHealth: ConsumerHealth;
  /** The app's registry and counters; the transport and the relay report to it too. */
  metrics: BonusMetrics;
  recoveryGate: RecoveryGate;
}

@Module({})
export class BonusPipelineModule {
  static register({
    config,
    kafka,
    dataSource,
    relay,
    consumerHealth,
    metrics,
    recoveryGate,
  }: BonusPipelineDependencies): DynamicModule {
    const checks: ReadinessCheck[] = [
      { name: 'postgres', check: async () => void (await dataSource.query('SELECT 1')) },
      { name: 'kafka', check: () => checkKafka(kafka) },
      { name: 'consumer', check: () => consumerHealth.check() },
    ];
    return {
      module: BonusPipelineModule,
      controllers: [
        InvoicesHandler,
        FactsHandler,
        SummaryController,
        DeadLettersController,
        ParkedOutboxController,
        ReconciliationController,
        InvoiceExplanationController,
        HealthController,
        MetricsController,
      ],
      providers: [
        { provide: BONUS_PIPELINE_CONFIG, useValue: config },
        { provide: DataSource, useValue: dataSource },
        { provide: OUTBOX_RELAY, useValue: relay },
        { provide: READINESS_CHECKS, useValue: checks },
        { provide: BonusMetrics, useValue: metrics },
        { provide: METRICS_REGISTRY, useValue: metrics.registry },
        { provide: OPS_CREDENTIALS, useValue: config.opsCredentials },
        // Deny by default: an HTTP route added without @OpsAccess is refused (401), not open to anyone.
        { provide: OPS_ACCESS_OPTIONS, useValue: { denyByDefault: true } satisfies OpsAccessOptions },
        { provide: APP_GUARD, useClass: OpsAccessGuard },
        { provide: INVOICE_BATCH_STORE, useClass: PostgresInvoiceBatchStore },
        { provide: CONSENT_BATCH_STORE, useClass: PostgresConsentBatchStore },
        { provide: CONTRACT_CHANGE_BATCH_STORE, useClass: PostgresContractChangeBatchStore },
        { provide: DEAD_LETTER_STORE, useClass: PostgresDeadLetterStore },
        { provide: SUMMARY_READER, useClass: PostgresSummaryReader },
        { provide: DEAD_LETTER_ARCHIVE, useClass: PostgresDeadLetterArchive },
        { provide: PARKED_OUTBOX, useClass: PostgresParkedOutbox },
        DecideInputs,
        { provide: RECONCILIATION_READER, useClass: PostgresReconciliationReader },
        { provide: INVOICE_EXPLANATION_READER, useClass: PostgresInvoiceExplanationReader },
        ProcessInvoiceBatchUseCase,
        CorrectAfterContractChangesUseCase,
        CorrectAfterConsentsUseCase,
        RecordUnprocessableInputUseCase,
        GetSummaryUseCase,
        ListDeadLettersUseCase,
        ShowDeadLetterUseCase,
        RedriveDeadLettersUseCase,
        ListParkedOutboxRowsUseCase,
        RepublishParkedOutboxRowsUseCase,
        ReconcileMonthUseCase,
        ExplainInvoiceUseCase,
        BonusOutboxRelayLifecycle,
        { provide: RecoveryGate, useValue: recoveryGate },
        { provide: RECOVERY_STORE, useClass: PostgresRecoveryStore },
        { provide: RECOVERY_TOPICS, useValue: new KafkaRecoveryTopics(kafka) },
        RebuildSentPurchasesUseCase,
        ReconcileAfterCatchUpUseCase,
        RecoveryLifecycle,
      ],
    };
  }
}
