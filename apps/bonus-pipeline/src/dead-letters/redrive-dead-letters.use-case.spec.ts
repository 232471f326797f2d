import { InvoiceEvent } from '@sa/contracts';
import { InMemoryBonusStore } from '../../../../test/bonus-pipeline/support/in-memory-bonus-store';
import {
  InMemoryDeadLetterArchive,
  rawRecord,
} from '../../../../test/bonus-pipeline/support/in-memory-dead-letter-archive';
import { BonusPipelineConfig } from '../bonus-pipeline.config';
import { CorrectAfterConsentsUseCase } from '../facts/correct-after-consents.use-case';
import { CorrectAfterContractChangesUseCase } from '../facts/correct-after-contract-changes.use-case';
import { ProcessInvoiceBatchUseCase } from '../invoices/process-invoice-batch.use-case';
import { DecideInputs } from '../kafka-inputs/decide-inputs';
import { rejectedInput } from './rejected-input.factory';
import { RedriveDeadLettersUseCase } from './redrive-dead-letters.use-case';

const INVOICES = 'billing.invoices.v1';
const at = new Date('2026-11-23T09:00:00Z');
const invoice = (eventId: string): InvoiceEvent =>
  ({
    eventId,
    eventType: 'InvoiceIssued',
    invoiceId: `INV-${eventId}`,
    creditedInvoiceId: null,
    customerId: 'C-1',
    contractId: 'K-1',
    issuedAt: '2026-11-10T08:00:00Z',
    currency: 'EUR',
    lines: [{ lineId: '1', category: 'MONTHLY_FEE', grossAmountCents: 4990, vatRatePercent: 25.5 }],
  }) as InvoiceEvent;

function world() {
  const store = new InMemoryBonusStore();
  store.addContractVersion({
    contractId: 'K-1',
    changedAtMs: Date.parse('2026-01-01T00:00:00Z'),
    signerCustomerId: 'C-1',
    status: 'ACTIVE',
    eventId: 'k-1',
  });
  store.addConsent({
    customerId: 'C-1',
    effectiveAtMs: Date.parse('2026-11-01T00:00:00Z'),
    eventType: 'ConsentGranted',
    registrationId: 'R-1',
    memberNumber: '1234567890',
    householdId: 'H-1',
    eventId: 'g-1',
  });
  const config = {
    correctionWindowDays: 400,
    topics: { invoices: INVOICES, crmContracts: 'crm.contracts.v1', consents: 'registration.consents.v1' },
  } as BonusPipelineConfig;
  const inputs = new DecideInputs(
    new ProcessInvoiceBatchUseCase(store, config),
    new CorrectAfterContractChangesUseCase(store.contractChangeStore, config),
    new CorrectAfterConsentsUseCase(store.consentStore, config),
    config,
  );
  const archive = new InMemoryDeadLetterArchive();
  return { store, inputs, archive, redrive: new RedriveDeadLettersUseCase(archive, inputs) };
}

describe('RedriveDeadLettersUseCase (the Kafka handlers’ decide path over in-memory stores)', () => {
  it('a letter that processes now is DECIDED, then ALREADY_PROCESSED, pays once, audited in-transaction', async () => {
    const { store, archive, redrive } = world();
    const record = rawRecord(INVOICES, 7, JSON.stringify(invoice('e-1')));
    const id = archive.keep(rejectedInput(record, 'PROCESSING_FAILED', 'processing failed: refused', [], at));

    expect(await redrive.execute([id], 'ops-anna')).toEqual({
      kind: 'redriven',
      results: [{ id, outcome: 'DECIDED' }],
    });
    expect(await redrive.execute([id], 'ops-ben')).toEqual({
      kind: 'redriven',
      results: [{ id, outcome: 'ALREADY_PROCESSED' }],
    });
    expect(store.purchases).toEqual([expect.objectContaining({ sourceEventId: 'e-1', amountCents: 4990 })]);
    expect(store.decisions).toHaveLength(1);
    // Both audit rows were written by the decide path's own transactions, none afterwards.
    expect(store.state.redrives.map((r) => [r.id, r.by, r.outcome, r.code])).toEqual([
      [id, 'ops-anna', 'DECIDED', null],
      [id, 'ops-ben', 'ALREADY_PROCESSED', null],
    ]);
    expect(archive.audit).toEqual([]);
  });

  it('an INVOICE_CONFLICT letter (eventId claimed when dead-lettered) is DEAD_AGAIN with the conflict', async () => {
    const { store, inputs, archive, redrive } = world();
    await inputs.invoices([rawRecord(INVOICES, 20, JSON.stringify(invoice('e-5')))]);
    const other = { ...invoice('e-6'), invoiceId: 'INV-e-5', issuedAt: '2026-11-11T08:00:00Z' };
    const record = rawRecord(INVOICES, 21, JSON.stringify(other));
    const first = await inputs.invoices([record]);
    expect(first.unprocessable.map((l) => l.errorCode)).toEqual(['INVOICE_CONFLICT']);
    const id = archive.keep(rejectedInput(record, 'INVOICE_CONFLICT', 'x', [], at));

    for (const by of ['ops-anna', 'ops-ben']) {
      expect((await redrive.execute([id], by)).results).toEqual([
        { id, outcome: 'DEAD_AGAIN', code: 'INVOICE_CONFLICT', message: expect.any(String) },
      ]);
    }
    expect(store.decisions).toHaveLength(1);
    expect(store.deadLetters).toHaveLength(1);
    expect(store.state.redrives.map((r) => [r.by, r.outcome, r.code])).toEqual([
      ['ops-anna', 'DEAD_AGAIN', 'INVOICE_CONFLICT'],
      ['ops-ben', 'DEAD_AGAIN', 'INVOICE_CONFLICT'],
    ]);
  });

  it('a re-drive whose transaction fails leaves no audit row in it: audited alone after the rollback', async () => {
    const { store, archive, redrive } = world();
    const id = archive.keep(
      rejectedInput(rawRecord(INVOICES, 22, JSON.stringify(invoice('e-7'))), 'PROCESSING_FAILED', 'x', [], at),
    );
    const original = store.inTransaction.bind(store);
    jest.spyOn(store, 'inTransaction').mockImplementationOnce(async (work) =>
      original(async (tx) => {
        await work(tx); // the audit row is written in here …
        throw new Error('deferred constraint "x" violated at commit'); // … and rolls back with the decision
      }),
    );

    const { results } = await redrive.execute([id], 'ops-anna');
    expect(results).toEqual([expect.objectContaining({ id, outcome: 'DEAD_AGAIN', code: 'PROCESSING_FAILED' })]);
    expect([store.state.redrives, store.decisions]).toEqual([[], []]);
    expect(archive.audit.map((r) => [r.by, r.outcome])).toEqual([['ops-anna', 'DEAD_AGAIN']]);
  });

  it('bytes that still do not decode are DEAD_AGAIN with the error, and no second letter is queued', async () => {
    const { store, inputs, archive, redrive } = world();
    const record = rawRecord(INVOICES, 8, '{"eventId": ');
    const first = await inputs.invoices([record]); // as the Kafka handler saw it
    const id = archive.keep(rejectedInput(record, first.unprocessable[0].errorCode, 'x', [], at));

    const outcome = await redrive.execute([id], 'ops-anna');
    expect(outcome).toEqual({
      kind: 'redriven',
      results: [{ id, outcome: 'DEAD_AGAIN', code: 'MALFORMED_JSON', message: expect.any(String) }],
    });
    expect(store.deadLetters).toHaveLength(1);
    expect(store.state.redrives).toEqual([expect.objectContaining({ outcome: 'DEAD_AGAIN', code: 'MALFORMED_JSON' })]);
  });

  it('a processing error that is not transient is DEAD_AGAIN as PROCESSING_FAILED, audited', async () => {
    const { store, archive, redrive } = world();
    const id = archive.keep(
      rejectedInput(rawRecord(INVOICES, 9, JSON.stringify(invoice('e-2'))), 'PROCESSING_FAILED', 'x', [], at),
    );
    jest.spyOn(store, 'inTransaction').mockRejectedValueOnce(new Error('check constraint "x" violated'));

    const { results } = await redrive.execute([id], 'ops-anna');
    expect(results).toEqual([
      {
        id,
        outcome: 'DEAD_AGAIN',
        code: 'PROCESSING_FAILED',
        message: 'processing failed: check constraint "x" violated',
      },
    ]);
    expect(archive.audit).toHaveLength(1);
    expect(store.purchases).toEqual([]);
  });

  it('a transient failure (database down) stops the run: unavailable, nothing audited for that letter', async () => {
    const { store, archive, redrive } = world();
    const ids = ['e-3', 'e-4'].map((e, i) =>
      archive.keep(
        rejectedInput(rawRecord(INVOICES, 10 + i, JSON.stringify(invoice(e))), 'PROCESSING_FAILED', 'x', [], at),
      ),
    );
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    jest.spyOn(store, 'inTransaction').mockRejectedValue(down);

    const outcome = await redrive.execute(ids, 'ops-anna');
    expect(outcome).toEqual({ kind: 'unavailable', results: [], error: down.message });
    expect(archive.audit).toEqual([]);
  });

  it('an unknown id is NOT_FOUND, not audited; a letter of a topic not read or not kept is DEAD_AGAIN', async () => {
    const { archive, redrive } = world();
    const foreign = archive.keep(rejectedInput(rawRecord('other.topic', 1, '{}'), 'MALFORMED_JSON', 'x', [], at));
    const legacy = archive.keep(rejectedInput(rawRecord(INVOICES, 1, '{}'), 'MALFORMED_JSON', 'x', [], at), false);
    const missing = `dl-${'0'.repeat(32)}`;

    const { results } = await redrive.execute([missing, foreign, legacy], 'ops-anna');
    expect(results.map((r) => [r.id, r.outcome, 'code' in r ? r.code : undefined])).toEqual([
      [missing, 'NOT_FOUND', undefined],
      [foreign, 'DEAD_AGAIN', 'UNKNOWN_TOPIC'],
      [legacy, 'DEAD_AGAIN', 'NOT_KEPT'],
    ]);
    expect(archive.audit.map((r) => r.id)).toEqual([foreign, legacy]);
  });
});
