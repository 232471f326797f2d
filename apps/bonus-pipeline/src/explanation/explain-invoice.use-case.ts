import { Inject, Injectable } from '@nestjs/common';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { correctionWindowMs, FactWindow } from '../domain/correction-window';
import { INVOICE_EXPLANATION_READER, InvoiceExplanationReader } from './invoice-explanation-reader.port';
import { explainInvoice, InvoiceExplanation } from './invoice-explanation';

export type ExplainInvoiceOutcome = { kind: 'explained'; explanation: InvoiceExplanation } | { kind: 'unknown' };

/** Why an invoice earned what it did: as stored, the facts in force at its issuedAt, and what was decided and sent. */
@Injectable()
export class ExplainInvoiceUseCase {
  private readonly window: FactWindow;

  constructor(
    @Inject(INVOICE_EXPLANATION_READER) private readonly reader: InvoiceExplanationReader,
    @Inject(BONUS_PIPELINE_CONFIG) config: Pick<BonusPipelineConfig, 'correctionWindowDays'>,
  ) {
    this.window = { windowMs: correctionWindowMs(config.correctionWindowDays) };
  }

  async execute(invoiceId: string): Promise<ExplainInvoiceOutcome> {
    const records = await this.reader.read(invoiceId);
    if (!records) return { kind: 'unknown' };
    return { kind: 'explained', explanation: explainInvoice(records, this.window) };
  }
}
