import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { OpsAccess } from '@sa/platform';
import { ExplainInvoiceUseCase } from './explain-invoice.use-case';
import { InvoiceExplanation } from './invoice-explanation';

/** Ops viewers (and the web console): why an invoice earned what it did. */
@OpsAccess('viewer')
@Controller('v1/invoices')
export class InvoiceExplanationController {
  constructor(private readonly explain: ExplainInvoiceUseCase) {}

  @Get(':invoiceId/explanation')
  async get(@Param('invoiceId') invoiceId: string): Promise<InvoiceExplanation> {
    const outcome = await this.explain.execute(invoiceId);
    if (outcome.kind === 'unknown') {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no invoice or credit note ${invoiceId} was received`,
      });
    }
    return outcome.explanation;
  }
}
