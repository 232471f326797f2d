import { DynamicModule, Module } from '@nestjs/common';
import { HealthController, READINESS_CHECKS, ReadinessCheck } from '@sa/platform';
import { DataSource } from 'typeorm';
import { CustomersController } from './agents/customers.controller';
import { FindCustomerUseCase } from './agents/find-customer.use-case';
import { HttpRegistrationApi } from './agents/http-registration-api.adapter';
import { RegisterCustomerUseCase } from './agents/register-customer.use-case';
import { REGISTRATION_API } from './agents/registration-api.port';
import { RevokeRegistrationUseCase } from './agents/revoke-registration.use-case';
import { AssetsController } from './assets/assets.controller';
import { CONSOLE_CONFIG, ConsoleConfig } from './config/console.config';
import { CLOCK, Clock, systemClock } from './infrastructure/clock';
import { DATA_SOURCE, DataSourceCloser, dataSourceProvider } from './infrastructure/database.providers';
import { HttpPipelineApi } from './ops/http-pipeline-api.adapter';
import { MetricsSampler } from './ops/metrics/metrics-sampler';
import { OpsController } from './ops/ops.controller';
import { PIPELINE_API } from './ops/pipeline-api.port';
import { RedriveDeadLettersUseCase } from './ops/redrive-dead-letters.use-case';
import { RepublishParkedUseCase } from './ops/republish-parked.use-case';
import { PostgresSessionStore } from './sessions/postgres-session.store';
import { SESSION_STORE } from './sessions/session-store.port';
import { Sessions } from './sessions/sessions';
import { SessionsController } from './sessions/sessions.controller';
import { SignInAgentUseCase } from './sessions/sign-in-agent.use-case';
import { SignInOpsUseCase } from './sessions/sign-in-ops.use-case';

@Module({})
export class ConsoleModule {
  static forRoot(config: ConsoleConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: ConsoleModule,
      controllers: [HealthController, AssetsController, SessionsController, CustomersController, OpsController],
      providers: [
        { provide: CONSOLE_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        dataSourceProvider,
        DataSourceCloser,
        {
          provide: READINESS_CHECKS,
          inject: [DATA_SOURCE],
          // Ready when its own store answers; the APIs it calls have their own health checks,
          // and a page says so when they are down.
          useFactory: (dataSource: DataSource): ReadinessCheck[] => [
            { name: 'postgres', check: async () => void (await dataSource.query('SELECT 1')) },
          ],
        },
        { provide: SESSION_STORE, useClass: PostgresSessionStore },
        { provide: REGISTRATION_API, useClass: HttpRegistrationApi },
        { provide: PIPELINE_API, useClass: HttpPipelineApi },
        Sessions,
        SignInAgentUseCase,
        SignInOpsUseCase,
        FindCustomerUseCase,
        RegisterCustomerUseCase,
        RevokeRegistrationUseCase,
        RedriveDeadLettersUseCase,
        RepublishParkedUseCase,
        MetricsSampler,
      ],
    };
  }
}
