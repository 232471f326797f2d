import { InvoiceEvent } from '@sa/contracts';
import { RawMessage } from '@sa/kafka';
import { copyOf, InMemoryBonusStore } from '../../../../test/bonus-pipeline/support/in-memory-bonus-store';
import { invoiceDecisionEventId } from '../domain/event-ids';
import { decodeBatch } from '../kafka-inputs/decode-batch';
import { InvoiceBatchStore } from './invoice-batch-store.port';
import { acceptInvoiceFast } from './invoice-fast-check';
import { ProcessInvoiceBatchUseCase } from './process-invoice-batch.use-case';

const at = new Date('2026-11-23T09:00:00Z');
let offset = 0;

function invoice(over: Partial<InvoiceEvent> & { feeCents?: number } = {}): InvoiceEvent {
  const { feeCents = 4990, ...rest } = over;
  return {
    eventId: `e-${offset}`,
    eventType: 'InvoiceIssued',
    invoiceId: 'INV-1',
    creditedInvoiceId: null,
    customerId: 'C-1',
    contractId: 'K-1',
    issuedAt: '2026-11-10T08:00:00Z',
    currency: 'EUR',
    lines: [
      { lineId: '1', category: 'MONTHLY_FEE', description: 'fee', grossAmountCents: feeCents, vatRatePercent: 25.5 },
      { lineId: '2', category: 'EQUIPMENT', grossAmountCents: 8900, vatRatePercent: 25.5 },
    ],
    ...rest,
  } as InvoiceEvent;
}

function creditNote(creditedInvoiceId: string, cents: number, over: Partial<InvoiceEvent> = {}): InvoiceEvent {
  return invoice({
    eventType: 'CreditNoteIssued',
    invoiceId: `CN-${offset}`,
    creditedInvoiceId,
    lines: [{ lineId: '1', category: 'MONTHLY_FEE', grossAmountCents: cents, vatRatePercent: 25.5 }],
    ...over,
  });
}

function raw(value: object | string): RawMessage {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return {
    topic: 'billing.invoices.v1',
    partition: 0,
    offset: String(offset++),
    key: Buffer.from('k'),
    value: Buffer.from(text),
    timestamp: '0',
  };
}

/** What the handler does: decode the batch, then one call of the use case. */
function run(store: InvoiceBatchStore, ...events: (object | string)[]) {
  return new ProcessInvoiceBatchUseCase(store, { correctionWindowDays: 400 }).execute(
    decodeBatch(InvoiceEvent, events.map(raw), at, acceptInvoiceFast),
  );
}

/** A store where C-1 signs K-1 and has consented since before the invoices. */
function signedAndConsented(): InMemoryBonusStore {
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
  return store;
}

describe('ProcessInvoiceBatchUseCase (over the in-memory store)', () => {
  it('a brand-new eligible invoice: one purchase and one BONUS_RECORDED decision in the outbox', async () => {
    const store = signedAndConsented();
    const event = invoice({ eventId: 'e-new' });
    expect(await run(store, event)).toEqual({
      decided: 1,
      duplicates: 0,
      redelivered: 0,
      deadLettered: 0,
      purchases: 1,
      unprocessable: [],
    });
    expect(store.purchases).toEqual([
      expect.objectContaining({
        eventType: 'BonusPurchaseRecorded',
        memberNumber: '1234567890',
        householdId: 'H-1',
        invoiceId: 'INV-1',
        sourceEventId: 'e-new',
        purchasedAt: '2026-11-10T08:00:00.000Z',
        amountCents: 4990,
      }),
    ]);
    expect(store.decisions).toEqual([
      {
        eventId: invoiceDecisionEventId('e-new'),
        invoiceId: 'INV-1',
        sourceEventId: 'e-new',
        customerId: 'C-1',
        decision: 'BONUS_RECORDED',
        reason: null,
        eligibleAmountCents: 4990,
        decidedAt: at.toISOString(),
        amountChangeCents: 4990,
      },
    ]);
    expect(store.state.ledger.get('INV-1')).toEqual([
      { memberNumber: '1234567890', householdId: 'H-1', netCents: 4990, eventsSent: 1 },
    ]);
    expect(store.state.decisionCounts.get('BONUS_RECORDED/')).toBe(1);
  });

  it('an invoice nobody consented for is NOT_ELIGIBLE with its reason, and sends no purchase', async () => {
    const store = new InMemoryBonusStore();
    await run(store, invoice());
    expect(store.decisions.map((d) => [d.decision, d.reason])).toEqual([['NOT_ELIGIBLE', 'CONTRACT_UNKNOWN']]);
    expect(store.purchases).toEqual([]);
  });

  it('the same invoice under a new eventId is a DUPLICATE, in a later batch and within one batch', async () => {
    const store = signedAndConsented();
    await run(store, invoice({ eventId: 'e-a' }));
    expect(await run(store, invoice({ eventId: 'e-b' }), invoice({ eventId: 'e-c' }))).toMatchObject({
      decided: 0,
      duplicates: 2,
    });
    expect(store.decisions.map((d) => [d.sourceEventId, d.decision, d.eligibleAmountCents])).toEqual([
      ['e-a', 'BONUS_RECORDED', 4990],
      ['e-b', 'DUPLICATE', 0],
      ['e-c', 'DUPLICATE', 0],
    ]);
    expect(store.purchases).toHaveLength(1);
  });

  it('the same invoiceId with other content is an INVOICE_CONFLICT dead letter; the first version stands', async () => {
    const store = signedAndConsented();
    await run(store, invoice({ eventId: 'e-a' }));
    const outcome = await run(store, invoice({ eventId: 'e-b', feeCents: 100 }));
    expect(outcome).toEqual({
      decided: 0,
      duplicates: 0,
      redelivered: 0,
      deadLettered: 1,
      purchases: 0,
      unprocessable: [expect.objectContaining({ errorCode: 'INVOICE_CONFLICT' })],
    });
    expect(store.deadLetters).toEqual([
      expect.objectContaining({ errorCode: 'INVOICE_CONFLICT', fields: ['invoiceId'], rejectedAt: at.toISOString() }),
    ]);
    expect(store.decisions).toHaveLength(1);
    expect(store.state.ledger.get('INV-1')).toEqual([expect.objectContaining({ netCents: 4990 })]);
  });

  it('a conflict within one batch: the first of the batch stands, the other is dead-lettered', async () => {
    const store = signedAndConsented();
    const outcome = await run(store, invoice({ eventId: 'e-a' }), invoice({ eventId: 'e-b', customerId: 'C-2' }));
    expect(outcome).toMatchObject({ decided: 1, deadLettered: 1, purchases: 1 });
  });

  it('a redelivered eventId changes nothing at all', async () => {
    const store = signedAndConsented();
    const event = invoice({ eventId: 'e-again' });
    await run(store, event);
    const before = copyOf(store.state);
    expect(await run(store, event)).toEqual({
      decided: 0,
      duplicates: 0,
      redelivered: 1,
      deadLettered: 0,
      purchases: 0,
      unprocessable: [],
    });
    expect(store.state).toEqual(before);
  });

  it('a credit note before its invoice is INVOICE_UNKNOWN; the invoice then earns only what is left', async () => {
    const store = signedAndConsented();
    await run(store, creditNote('INV-9', -990, { eventId: 'e-cn' }));
    expect(store.decisions.map((d) => [d.invoiceId, d.decision, d.reason])).toEqual([
      ['CN-' + (offset - 1), 'NOT_ELIGIBLE', 'INVOICE_UNKNOWN'],
    ]);
    expect(store.state.invoices.get('INV-9')).toEqual({ kind: 'awaiting' });

    await run(store, invoice({ eventId: 'e-inv', invoiceId: 'INV-9' }));
    expect(store.decisions[1]).toMatchObject({
      invoiceId: 'INV-9',
      decision: 'BONUS_RECORDED',
      eligibleAmountCents: 4000,
    });
    expect(store.purchases.map((p) => [p.invoiceId, p.sourceEventId, p.amountCents])).toEqual([
      ['INV-9', 'e-inv', 4000],
    ]);
  });

  it('a credit note after its invoice reverses what it takes back, never more than the invoice added', async () => {
    const store = signedAndConsented();
    await run(store, invoice({ eventId: 'e-inv' }));
    await run(store, creditNote('INV-1', -9000, { eventId: 'e-cn' }));
    expect(store.decisions[1]).toMatchObject({ decision: 'BONUS_REVERSED', eligibleAmountCents: -4990 });
    expect(store.purchases.map((p) => [p.eventType, p.sourceEventId, p.amountCents])).toEqual([
      ['BonusPurchaseRecorded', 'e-inv', 4990],
      ['BonusPurchaseReversed', 'e-cn', -4990],
    ]);
    // The pair stays with net 0: its count numbers the next step.
    expect(store.state.ledger.get('INV-1')).toEqual([expect.objectContaining({ netCents: 0, eventsSent: 2 })]);
  });

  it('an invoice and its credit note in one batch: one purchase for what is left', async () => {
    const store = signedAndConsented();
    await run(store, invoice({ eventId: 'e-inv' }), creditNote('INV-1', -990, { eventId: 'e-cn' }));
    expect(store.decisions.map((d) => [d.decision, d.eligibleAmountCents])).toEqual([
      ['BONUS_RECORDED', 4000],
      ['BONUS_REVERSED', -990],
    ]);
    expect(store.purchases.map((p) => [p.sourceEventId, p.amountCents])).toEqual([['e-cn', 4000]]);
  });

  it('bad input becomes a dead letter naming the field; the rest of the batch goes on', async () => {
    const store = signedAndConsented();
    const outcome = await run(store, 'not json', invoice({ currency: 'SEK' as never }), invoice({ eventId: 'e-ok' }));
    expect(outcome).toMatchObject({ decided: 1, deadLettered: 2 });
    expect(store.deadLetters.map((l) => [l.errorCode, l.fields])).toEqual([
      ['MALFORMED_JSON', []],
      ['SCHEMA_VIOLATION', ['currency']],
    ]);
  });

  it('rolls everything back when the work throws: the store is unchanged and a retry does it all', async () => {
    const store = signedAndConsented();
    const failing: InvoiceBatchStore = {
      inTransaction: (work) =>
        store.inTransaction((tx) =>
          work({ ...bind(tx), finish: async () => Promise.reject(new Error('connection lost')) }),
        ),
    };
    const event = invoice({ eventId: 'e-retry' });
    const before = copyOf(store.state);
    await expect(run(failing, event)).rejects.toThrow('connection lost');
    expect(store.state).toEqual(before);
    expect(store.rollbacks).toBe(1);
    expect(await run(store, event)).toMatchObject({ decided: 1, purchases: 1 });
  });
});

/** The transaction's methods bound to it, so they can be spread into a wrapper. */
function bind<T extends object>(tx: T): T {
  const bound = {} as Record<string, unknown>;
  for (let proto = tx; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const value = (tx as Record<string, unknown>)[name];
      if (typeof value === 'function' && name !== 'constructor' && !(name in bound)) bound[name] = value.bind(tx);
    }
  }
  return bound as T;
}
