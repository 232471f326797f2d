import { Inject, Injectable } from '@nestjs/common';
import { PipelineSummary, SUMMARY_READER, SummaryReader } from './summary-reader.port';

/** Read-only totals for operators and the demo run; sums are what was sent (the ledger). */
@Injectable()
export class GetSummaryUseCase {
  constructor(@Inject(SUMMARY_READER) private readonly reader: SummaryReader) {}

  execute(): Promise<PipelineSummary> {
    return this.reader.read();
  }
}
