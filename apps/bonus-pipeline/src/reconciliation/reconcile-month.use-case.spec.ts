import { emptyMonth, InMemoryReconciliationReader } from '../../../../test/bonus-pipeline/support/in-memory-readers';
import { ReconcileMonthUseCase } from './reconcile-month.use-case';

describe('ReconcileMonthUseCase', () => {
  it('refuses a malformed month naming the field, without reading anything', async () => {
    const reader = new InMemoryReconciliationReader();
    const outcome = await new ReconcileMonthUseCase(reader).execute('2026-13');
    expect(outcome).toEqual({ kind: 'invalid-month', field: 'month', message: expect.stringContaining('YYYY-MM') });
    expect(reader.asked).toEqual([]);
  });

  it('reads the Helsinki month and reports it', async () => {
    const records = { ...emptyMonth(), documents: { invoices: 3, creditNotes: 1 } };
    const reader = new InMemoryReconciliationReader({ '2026-11': records });
    const outcome = await new ReconcileMonthUseCase(reader).execute('2026-11');
    expect(reader.asked.map((m) => [m.start.toISOString(), m.end.toISOString()])).toEqual([
      ['2026-10-31T22:00:00.000Z', '2026-11-30T22:00:00.000Z'],
    ]);
    expect(outcome).toMatchObject({
      kind: 'report',
      report: { month: '2026-11', total: { invoicesSeen: 3, creditNotesSeen: 1, netCents: 0 } },
    });
  });
});
