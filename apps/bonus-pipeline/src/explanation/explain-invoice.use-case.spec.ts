import { InMemoryExplanationReader } from '../../../../test/bonus-pipeline/support/in-memory-readers';
import { ExplainInvoiceUseCase } from './explain-invoice.use-case';
import { StoredDocument } from './invoice-explanation-reader.port';

const invoice: StoredDocument = {
  invoiceId: 'INV-1',
  kind: 'invoice',
  eventId: 'e-inv',
  creditedInvoiceId: null,
  customerId: 'C-1',
  contractId: 'K-1',
  issuedAt: new Date('2026-11-10T08:00:00Z'),
  monthlyFeeCents: 4990,
  recordedAt: new Date('2026-11-10T08:00:01Z'),
};

describe('ExplainInvoiceUseCase', () => {
  it('answers unknown for an invoice never received', async () => {
    const useCase = new ExplainInvoiceUseCase(new InMemoryExplanationReader(), { correctionWindowDays: 400 });
    expect(await useCase.execute('INV-none')).toEqual({ kind: 'unknown' });
  });

  it('explains a stored invoice with the configured correction window', async () => {
    const records = {
      asked: invoice,
      invoice,
      creditNotes: [],
      contractHistory: [],
      consentHistory: [],
      decisions: [],
      purchases: [],
    };
    const reader = new InMemoryExplanationReader({ 'INV-1': records });
    const outcome = await new ExplainInvoiceUseCase(reader, { correctionWindowDays: 400 }).execute('INV-1');
    expect(outcome).toMatchObject({
      kind: 'explained',
      explanation: { judgedAt: '2026-11-10T08:00:00.000Z', contract: null, verdictNow: { reason: 'CONTRACT_UNKNOWN' } },
    });
  });
});
