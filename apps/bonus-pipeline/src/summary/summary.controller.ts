import { Controller, Get } from '@nestjs/common';
import { OpsAccess } from '@sa/platform';
import { GetSummaryUseCase } from './get-summary.use-case';
import { PipelineSummary } from './summary-reader.port';

/** Ops only: all-time totals per household. */
@OpsAccess('viewer')
@Controller('v1/summary')
export class SummaryController {
  constructor(private readonly summary: GetSummaryUseCase) {}

  @Get()
  get(): Promise<PipelineSummary> {
    return this.summary.execute();
  }
}
