import { Controller, Get, Param, UseInterceptors } from '@nestjs/common';
import { OpsAccess } from '@sa/platform';
import { DependencyUnavailableInterceptor } from '../ops-http/dependency-unavailable.interceptor';
import { badRequest } from '../ops-http/ops-http.responses';
import { ExplainInvoiceUseCase } from './explain-invoice.use-case';
import { checkInvoiceIdParam } from './invoice-explanation-request.rules';
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
    const id = checkInvoiceIdParam(invoiceId);
    if (!id.ok) throw badRequest(id.faults);
    return presentExplanation(await this.explain.execute(id.value), id.value);
  }
}
