import { DynamicModule, Module } from '@nestjs/common';
import { ConsumerHealth } from '@sa/kafka';
import { APP_GUARD } from '@nestjs/core';
import { HealthController, MetricsController, OPS_CREDENTIALS, OpsAccessGuard } from '@sa/platform';
import { PostgresAuditTrail } from './audit/postgres-audit.trail';
import { AUDIT_TRAIL } from './audit/audit-trail.port';
import { API_KEY_STORE } from './auth/api-key-store.port';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuthenticateAgentUseCase } from './auth/authenticate-agent.use-case';
import { PostgresApiKeyStore } from './auth/postgres-api-key.store';
import { REGISTRATION_CONFIG, RegistrationConfig } from './config/registration.config';
import { CONTRACT_VERSION_STORE } from './customer-relationships/contract-version-store.port';
import { CrmContractsHandler } from './customer-relationships/crm-contracts.handler';
import { CUSTOMER_RELATIONSHIPS } from './customer-relationships/customer-relationships.port';
import { PostgresContractVersionsStore } from './customer-relationships/postgres-contract-versions.store';
import { RecordContractChangesUseCase } from './customer-relationships/record-contract-changes.use-case';
import { RecordUnprocessableChangeUseCase } from './customer-relationships/record-unprocessable-change.use-case';
import { CLOCK, Clock, systemClock } from './infrastructure/clock';
import { DATA_SOURCE, DataSourceCloser, dataSourceProvider } from './infrastructure/database.providers';
import { kafkaClientProvider } from './infrastructure/kafka.providers';
import { metricsProviders } from './infrastructure/metrics.providers';
import { OutboxRelayLifecycle } from './infrastructure/outbox-relay.lifecycle';
import { readinessChecksProvider } from './infrastructure/readiness.providers';
import { HttpOwnerCustomerRegister } from './owner-customer-register/http-owner-customer-register.adapter';
import { OWNER_CUSTOMER_REGISTER } from './owner-customer-register/owner-customer-register.port';
import { GetRegistrationUseCase } from './registrations/get-registration.use-case';
import { GrantConsentUseCase } from './registrations/grant-consent.use-case';
import { PostgresRegistrationStore } from './registrations/postgres-registration.store';
import { REGISTRATION_STORE } from './registrations/registration-store.port';
import { RegistrationsController } from './registrations/registrations.controller';
import { RevokeConsentUseCase } from './registrations/revoke-consent.use-case';
import { DataSource } from 'typeorm';

export interface RegistrationModuleOptions {
  config: RegistrationConfig;
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot({ config, clock = systemClock }: RegistrationModuleOptions): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController, RegistrationsController, CrmContractsHandler],
      providers: [
        { provide: REGISTRATION_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        dataSourceProvider,
        DataSourceCloser,
        kafkaClientProvider,
        readinessChecksProvider,
        ...metricsProviders,
        // Ops endpoints (`/metrics`) take an ops token; agents' keys are checked by the key middleware.
        { provide: OPS_CREDENTIALS, useValue: config.opsCredentials },
        { provide: APP_GUARD, useClass: OpsAccessGuard },
        OutboxRelayLifecycle,
        PostgresContractVersionsStore,
        { provide: CONTRACT_VERSION_STORE, useExisting: PostgresContractVersionsStore },
        { provide: CUSTOMER_RELATIONSHIPS, useExisting: PostgresContractVersionsStore },
        { provide: REGISTRATION_STORE, useClass: PostgresRegistrationStore },
        { provide: OWNER_CUSTOMER_REGISTER, useClass: HttpOwnerCustomerRegister },
        { provide: AUDIT_TRAIL, useClass: PostgresAuditTrail },
        {
          provide: API_KEY_STORE,
          inject: [DATA_SOURCE],
          useFactory: (ds: DataSource) => new PostgresApiKeyStore(ds, config.database.schema),
        },
        AuthenticateAgentUseCase,
        ApiKeyGuard,
        RecordContractChangesUseCase,
        RecordUnprocessableChangeUseCase,
        ConsumerHealth,
        GrantConsentUseCase,
        RevokeConsentUseCase,
        GetRegistrationUseCase,
      ],
    };
  }
}
