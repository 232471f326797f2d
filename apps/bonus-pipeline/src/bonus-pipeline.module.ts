import { DynamicModule, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { checkKafka, ConsumerHealth, OutboxRelayControl } from '@sa/kafka';
import { HealthController, READINESS_CHECKS, ReadinessCheck } from '@sa/platform';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from './bonus-pipeline.config';
import { BonusInputsController } from './inbound/bonus-inputs.controller';
import { OutboxRelayLifecycle } from './outbound/outbox-relay.lifecycle';
import { OUTBOX_RELAY } from './outbound/outbox-relay.token';
import { GetSummaryUseCase } from './summary/get-summary.use-case';
import { SummaryController } from './summary/summary.controller';
import { ProcessInvoiceBatchUseCase } from './use-cases/process-invoice-batch.use-case';
import { RecordConsentsUseCase } from './use-cases/record-consents.use-case';
import { RecordContractChangesUseCase } from './use-cases/record-contract-changes.use-case';
import { RecordUnprocessableInputUseCase } from './use-cases/record-unprocessable-input.use-case';

export interface BonusPipelineDependencies {
  config: BonusPipelineConfig;
  kafka: Kafka;
  dataSource: DataSource;
  relay: OutboxRelayControl;
  consumerHealth: ConsumerHealth;
}

@Module({})
export class BonusPipelineModule {
  static register({ config, kafka, dataSource, relay, consumerHealth }: BonusPipelineDependencies): DynamicModule {
    const checks: ReadinessCheck[] = [
      { name: 'postgres', check: async () => void (await dataSource.query('SELECT 1')) },
      { name: 'kafka', check: () => checkKafka(kafka) },
      { name: 'consumer', check: () => consumerHealth.check() },
    ];
    return {
      module: BonusPipelineModule,
      controllers: [BonusInputsController, SummaryController, HealthController],
      providers: [
        { provide: BONUS_PIPELINE_CONFIG, useValue: config },
        { provide: DataSource, useValue: dataSource },
        { provide: OUTBOX_RELAY, useValue: relay },
        { provide: READINESS_CHECKS, useValue: checks },
        ProcessInvoiceBatchUseCase,
        RecordContractChangesUseCase,
        RecordConsentsUseCase,
        RecordUnprocessableInputUseCase,
        GetSummaryUseCase,
        OutboxRelayLifecycle,
      ],
    };
  }
}
