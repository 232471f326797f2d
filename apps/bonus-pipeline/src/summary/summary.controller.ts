import { Controller, Get } from '@nestjs/common';
import { GetSummaryUseCase, PipelineSummary } from './get-summary.use-case';

@Controller('v1/summary')
export class SummaryController {
  constructor(private readonly summary: GetSummaryUseCase) {}

  @Get()
  get(): Promise<PipelineSummary> {
    return this.summary.execute();
  }
}
