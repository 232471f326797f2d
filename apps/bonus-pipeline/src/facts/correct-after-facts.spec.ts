import { ConsentEvent, CrmContractEvent, InvoiceEvent } from '@sa/contracts';
import { RawMessage } from '@sa/kafka';
import { InMemoryBonusStore } from '../../../../test/bonus-pipeline/support/in-memory-bonus-store';
import { BonusPipelineConfig } from '../bonus-pipeline.config';
import { ProcessInvoiceBatchUseCase } from '../invoices/process-invoice-batch.use-case';
import { decodeBatch } from '../kafka-inputs/decode-batch';
import { CorrectAfterConsentsUseCase } from './correct-after-consents.use-case';
import { CorrectAfterContractChangesUseCase } from './correct-after-contract-changes.use-case';

const at = new Date('2026-11-23T09:00:00Z');
const config = { correctionWindowDays: 400 } as BonusPipelineConfig;
let offset = 0;
const raw = (topic: string, value: object): RawMessage => ({
  topic,
  partition: 0,
  offset: String(offset++),
  key: null,
  value: Buffer.from(JSON.stringify(value)),
  timestamp: '0',
});

const grant = (over: Partial<ConsentEvent> = {}): ConsentEvent => ({
  eventId: 'g-1',
  eventType: 'ConsentGranted',
  registrationId: 'R-1',
  customerId: 'C-1',
  memberNumber: '1234567890',
  householdId: 'H-1',
  effectiveAt: '2026-11-01T00:00:00Z',
  channel: 'PHONE',
  recordedBy: 'agent-1',
  ...over,
});
const signed: CrmContractEvent = {
  eventId: 'k-1',
  contractId: 'K-1',
  signerCustomerId: 'C-1',
  status: 'ACTIVE',
  changedAt: '2026-01-01T00:00:00Z',
};
const invoice = {
  eventId: 'e-inv',
  eventType: 'InvoiceIssued',
  invoiceId: 'INV-1',
  creditedInvoiceId: null,
  customerId: 'C-1',
  contractId: 'K-1',
  issuedAt: '2026-11-10T08:00:00Z',
  currency: 'EUR',
  lines: [{ lineId: '1', category: 'MONTHLY_FEE', grossAmountCents: 4990, vatRatePercent: 25.5 }],
};

function pipeline(store: InMemoryBonusStore) {
  return {
    consents: (...events: ConsentEvent[]) =>
      new CorrectAfterConsentsUseCase(store.consentStore, config).execute(
        decodeBatch(
          ConsentEvent,
          events.map((e) => raw('consents', e)),
          at,
        ),
      ),
    contracts: (...events: CrmContractEvent[]) =>
      new CorrectAfterContractChangesUseCase(store.contractChangeStore, config).execute(
        decodeBatch(
          CrmContractEvent,
          events.map((e) => raw('contracts', e)),
          at,
        ),
      ),
    invoices: (...events: object[]) =>
      new ProcessInvoiceBatchUseCase(store).execute(
        decodeBatch(
          InvoiceEvent,
          events.map((e) => raw('invoices', e)),
          at,
        ),
      ),
  };
}

describe('correcting invoices after contract changes and consents (over the in-memory store)', () => {
  it('a consent that arrives after its invoice is settled by a purchase caused by the consent', async () => {
    const store = new InMemoryBonusStore();
    const run = pipeline(store);
    await run.contracts(signed);
    await run.invoices(invoice);
    expect(store.decisions.map((d) => d.reason)).toEqual(['NOT_REGISTERED']);
    expect(await run.consents(grant())).toEqual({ recorded: 1, redelivered: 0, invoicesCorrected: 1, deadLettered: 0 });
    expect(store.purchases.map((p) => [p.sourceEventId, p.invoiceId, p.amountCents])).toEqual([['g-1', 'INV-1', 4990]]);
  });

  it('a revocation that arrives late reverses what the invoices after it earned', async () => {
    const store = new InMemoryBonusStore();
    const run = pipeline(store);
    await run.contracts(signed);
    await run.consents(grant());
    await run.invoices(invoice);
    await run.consents(grant({ eventId: 'r-1', eventType: 'ConsentRevoked', effectiveAt: '2026-11-05T00:00:00Z' }));
    expect(store.purchases.map((p) => [p.sourceEventId, p.amountCents])).toEqual([
      ['e-inv', 4990],
      ['r-1', -4990],
    ]);
    expect(store.state.ledger.has('INV-1')).toBe(false);
  });

  it('a redelivered fact is silent; its eventId with other content is an EVENT_CONFLICT dead letter', async () => {
    const store = new InMemoryBonusStore();
    const run = pipeline(store);
    await run.contracts(signed);
    expect(await run.contracts(signed)).toEqual({ recorded: 0, redelivered: 1, invoicesCorrected: 0, deadLettered: 0 });
    const outcome = await run.contracts({ ...signed, signerCustomerId: 'C-2' });
    expect(outcome).toEqual({ recorded: 0, redelivered: 0, invoicesCorrected: 0, deadLettered: 1 });
    expect(store.deadLetters.map((l) => [l.errorCode, l.fields])).toEqual([['EVENT_CONFLICT', ['eventId']]]);
    expect(store.state.contractVersions.map((v) => v.signerCustomerId)).toEqual(['C-1']);
  });

  it('a change older than the correction window does not reach back to invoices before the window', async () => {
    const store = new InMemoryBonusStore();
    const run = pipeline(store);
    await run.contracts(signed);
    await run.invoices({ ...invoice, issuedAt: '2024-01-10T08:00:00Z' });
    expect(await run.consents(grant({ effectiveAt: '2024-01-01T00:00:00Z' }))).toMatchObject({ invoicesCorrected: 0 });
    expect(store.purchases).toEqual([]);
  });
});
