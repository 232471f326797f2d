import { Controller, Get } from '@nestjs/common';
import { GetSummaryUseCase } from './get-summary.use-case';
import { PipelineSummary } from './summary-reader.port';

@Controller('v1/summary')
export class SummaryController {
  constructor(private readonly summary: GetSummaryUseCase) {}

  @Get()
  get(): Promise<PipelineSummary> {
    return this.summary.execute();
  }
}
