import { Controller, Get, Param, UseInterceptors } from '@nestjs/common';
import { OpsAccess } from '@sa/platform';
import { DependencyUnavailableInterceptor } from '../ops-http/dependency-unavailable.interceptor';
import { ExplainInvoiceUseCase } from './explain-invoice.use-case';
import { InvoiceExplanation } from './invoice-explanation';
import { presentExplanation } from './invoice-explanation.presenter';

/** Ops viewers (and the web console): why an invoice earned what it did. */
@OpsAccess('viewer')
@UseInterceptors(DependencyUnavailableInterceptor)
@Controller('v1/invoices')
export class InvoiceExplanationController {
  constructor(private readonly explain: ExplainInvoiceUseCase) {}

  @Get(':invoiceId/explanation')
  async get(@Param('invoiceId') invoiceId: string): Promise<InvoiceExplanation> {
    return presentExplanation(await this.explain.execute(invoiceId), invoiceId);
  }
}
