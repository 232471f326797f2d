import { Controller, Get, Query, Res, UseInterceptors } from '@nestjs/common';
import { OpsAccess } from '@sa/platform';
import { DependencyUnavailableInterceptor } from '../ops-http/dependency-unavailable.interceptor';
import { ReconcileMonthUseCase } from './reconcile-month.use-case';
import { presentReconciliation, presentReconciliationCsv } from './reconciliation.presenter';
import { ReconciliationReport } from './reconciliation-report';

/** Ops viewers: a Helsinki calendar month, as JSON or as a CSV (one row per household and a total row). */
@OpsAccess('viewer')
@UseInterceptors(DependencyUnavailableInterceptor)
@Controller('v1')
export class ReconciliationController {
  constructor(private readonly reconcile: ReconcileMonthUseCase) {}

  @Get('reconciliation')
  async json(@Query('month') month: unknown): Promise<ReconciliationReport> {
    return presentReconciliation(await this.reconcile.execute(month));
  }

  @Get('reconciliation.csv')
  async csv(
    @Query('month') month: unknown,
    @Res({ passthrough: true }) response: { setHeader(name: string, value: string): void },
  ): Promise<string> {
    return presentReconciliationCsv(await this.reconcile.execute(month), response);
  }
}
