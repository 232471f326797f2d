import { ConsentEvent, CrmContractEvent, InvoiceEvent } from '@sa/contracts';
import { RawMessage } from '@sa/kafka';
import { Logger } from '@nestjs/common';
import { correctionDecisionEventId } from '../domain/event-ids';
import { InMemoryBonusStore } from '../../../../test/bonus-pipeline/support/in-memory-bonus-store';
import { BonusPipelineConfig } from '../bonus-pipeline.config';
import { ProcessInvoiceBatchUseCase } from '../invoices/process-invoice-batch.use-case';
import { decodeBatch } from '../kafka-inputs/decode-batch';
import { CorrectAfterConsentsUseCase } from './correct-after-consents.use-case';
import { CorrectAfterContractChangesUseCase } from './correct-after-contract-changes.use-case';

const at = new Date('2026-11-23T09:00:00Z');
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

/** Each batch is processed a minute after the one before. */
function pipeline(store: InMemoryBonusStore, windowDays = 400) {
  const config = { correctionWindowDays: windowDays } as BonusPipelineConfig;
  let minutes = 0;
  const now = () => new Date(at.getTime() + 60_000 * minutes++);
  return {
    consents: (...events: ConsentEvent[]) =>
      new CorrectAfterConsentsUseCase(store.consentStore, config).execute(
        decodeBatch(
          ConsentEvent,
          events.map((e) => raw('consents', e)),
          now(),
        ),
      ),
    contracts: (...events: CrmContractEvent[]) =>
      new CorrectAfterContractChangesUseCase(store.contractChangeStore, config).execute(
        decodeBatch(
          CrmContractEvent,
          events.map((e) => raw('contracts', e)),
          now(),
        ),
      ),
    invoices: (...events: object[]) =>
      new ProcessInvoiceBatchUseCase(store, config).execute(
        decodeBatch(
          InvoiceEvent,
          events.map((e) => raw('invoices', e)),
          now(),
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
    expect(await run.consents(grant())).toEqual({
      recorded: 1,
      redelivered: 0,
      invoicesCorrected: 1,
      correctionsSkipped: 0,
      deadLettered: 0,
      unprocessable: [],
    });
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
    // The pair stays with net 0: its count numbers the next step.
    expect(store.state.ledger.get('INV-1')).toEqual([expect.objectContaining({ netCents: 0, eventsSent: 2 })]);
  });

  it('a redelivered fact is silent; its eventId with other content is an EVENT_CONFLICT dead letter', async () => {
    const store = new InMemoryBonusStore();
    const run = pipeline(store);
    await run.contracts(signed);
    expect(await run.contracts(signed)).toEqual({
      recorded: 0,
      redelivered: 1,
      invoicesCorrected: 0,
      correctionsSkipped: 0,
      deadLettered: 0,
      unprocessable: [],
    });
    const outcome = await run.contracts({ ...signed, signerCustomerId: 'C-2' });
    expect(outcome).toEqual({
      recorded: 0,
      redelivered: 0,
      invoicesCorrected: 0,
      correctionsSkipped: 0,
      deadLettered: 1,
      unprocessable: [expect.objectContaining({ errorCode: 'EVENT_CONFLICT' })],
    });
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

/** Per invoice: Σ of the decisions' amountChangeCents and Σ of the purchases' amountCents. */
function totals(store: InMemoryBonusStore): { decided: Record<string, number>; purchased: Record<string, number> } {
  const decided: Record<string, number> = {};
  const purchased: Record<string, number> = {};
  for (const d of store.decisions) {
    const invoiceId = d.creditedInvoiceId ?? d.invoiceId;
    decided[invoiceId] = (decided[invoiceId] ?? 0) + (d.amountChangeCents ?? 0);
  }
  for (const p of store.purchases) purchased[p.invoiceId] = (purchased[p.invoiceId] ?? 0) + p.amountCents;
  for (const id of Object.keys(decided)) purchased[id] ??= 0;
  return { decided, purchased };
}

const expectDecisionsToAddUp = (store: InMemoryBonusStore) => {
  const { decided, purchased } = totals(store);
  expect(decided).toEqual(purchased);
};

const corrections = (store: InMemoryBonusStore) =>
  store.decisions
    .filter((d) => d.correction)
    .map((d) => [d.causeEventId, d.sourceEventId, d.invoiceId, d.decision, d.reason, d.amountChangeCents]);

const noteOf = (over: object = {}) => ({
  ...invoice,
  eventId: 'e-note',
  eventType: 'CreditNoteIssued',
  invoiceId: 'CN-1',
  creditedInvoiceId: 'INV-1',
  lines: [{ lineId: '1', category: 'MONTHLY_FEE', grossAmountCents: -1000, vatRatePercent: 25.5 }],
  ...over,
});

describe('corrections are announced on the decisions topic (over the in-memory store)', () => {
  it('a late consent: a correction decision naming it, with the amount it added', async () => {
    const store = new InMemoryBonusStore();
    const run = pipeline(store);
    await run.contracts(signed);
    await run.invoices(invoice);
    await run.consents(grant());
    expect(corrections(store)).toEqual([['g-1', 'g-1', 'INV-1', 'BONUS_RECORDED', null, 4990]]);
    const [correction] = store.decisions.filter((d) => d.correction);
    expect(correction).toMatchObject({ eventId: correctionDecisionEventId('g-1', 'INV-1'), eligibleAmountCents: 4990 });
    expect(JSON.stringify(correction)).not.toContain('1234567890');
    expect(store.state.decisionCounts.get('BONUS_RECORDED/')).toBe(1);
    expectDecisionsToAddUp(store);
  });

  it('a late revocation: a correction decision CONSENT_REVOKED with minus what it took back', async () => {
    const store = new InMemoryBonusStore();
    const run = pipeline(store);
    await run.contracts(signed);
    await run.consents(grant());
    await run.invoices(invoice);
    await run.consents(grant({ eventId: 'r-1', eventType: 'ConsentRevoked', effectiveAt: '2026-11-05T00:00:00Z' }));
    expect(corrections(store)).toEqual([['r-1', 'r-1', 'INV-1', 'NOT_ELIGIBLE', 'CONSENT_REVOKED', -4990]]);
    expectDecisionsToAddUp(store);
  });

  it('a contract transfer away and back: a correction decision for each', async () => {
    const store = new InMemoryBonusStore();
    const run = pipeline(store);
    await run.contracts(signed);
    await run.consents(grant());
    await run.invoices(invoice);
    await run.contracts({ ...signed, eventId: 'k-2', signerCustomerId: 'C-2', changedAt: '2026-11-05T00:00:00Z' });
    await run.contracts({ ...signed, eventId: 'k-3', changedAt: '2026-11-07T00:00:00Z' });
    expect(corrections(store)).toEqual([
      ['k-2', 'k-2', 'INV-1', 'NOT_ELIGIBLE', 'PAYER_NOT_SIGNER', -4990],
      ['k-3', 'k-3', 'INV-1', 'BONUS_RECORDED', null, 4990],
    ]);
    expectDecisionsToAddUp(store);
  });

  it('a redelivered fact sends no second correction', async () => {
    const store = new InMemoryBonusStore();
    const run = pipeline(store);
    await run.contracts(signed);
    await run.invoices(invoice);
    await run.consents(grant());
    await run.consents(grant());
    expect(corrections(store)).toHaveLength(1);
  });

  it('a credit note before its invoice: the invoice decision says what the note took off', async () => {
    const store = new InMemoryBonusStore();
    const run = pipeline(store);
    await run.contracts(signed);
    await run.consents(grant());
    await run.invoices(noteOf());
    await run.invoices(invoice);
    expect(store.decisions.map((d) => [d.sourceEventId, d.decision, d.reason, d.eligibleAmountCents])).toEqual([
      ['e-note', 'NOT_ELIGIBLE', 'INVOICE_UNKNOWN', 0],
      ['e-inv', 'BONUS_RECORDED', null, 3990],
    ]);
    expect(store.decisions[1]).toMatchObject({ creditedCents: -1000, amountChangeCents: 3990 });
    expectDecisionsToAddUp(store);
  });

  it('an invoice and its credit notes in one batch: the decisions still add up to the purchases', async () => {
    const store = new InMemoryBonusStore();
    const run = pipeline(store);
    await run.contracts(signed);
    await run.consents(grant());
    await run.invoices(invoice, noteOf(), noteOf({ eventId: 'e-note2', invoiceId: 'CN-2' }));
    await run.invoices(
      noteOf({ eventId: 'e-note3', invoiceId: 'CN-3' }),
      noteOf({ eventId: 'e-note4', invoiceId: 'CN-4' }),
    );
    expect(store.purchases.reduce((sum, p) => sum + p.amountCents, 0)).toBe(990);
    expectDecisionsToAddUp(store);
  });
});

describe('past the correction window (BONUS_CORRECTION_WINDOW_DAYS=1, over the in-memory store)', () => {
  // Processed on 2026-11-23, the invoice of 2026-11-10 is outside a one-day window.
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  beforeEach(() => warn.mockClear());
  afterAll(() => warn.mockRestore());

  it('a late consent: CORRECTION_SKIPPED, a warn line, a count; a later credit note issues no purchase', async () => {
    const store = new InMemoryBonusStore();
    const run = pipeline(store, 1);
    await run.contracts(signed);
    await run.invoices(invoice);
    expect(await run.consents(grant())).toMatchObject({ invoicesCorrected: 0, correctionsSkipped: 1 });
    expect(corrections(store)).toEqual([['g-1', 'g-1', 'INV-1', 'CORRECTION_SKIPPED', 'OUTSIDE_CORRECTION_WINDOW', 0]]);
    expect(store.state.decisionCounts.get('CORRECTION_SKIPPED/OUTSIDE_CORRECTION_WINDOW')).toBe(1);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ causeEventId: 'g-1', invoiceId: 'INV-1', wouldChangeCents: 4990 }),
    );
    await run.invoices(noteOf());
    expect(store.purchases).toEqual([]);
    expect(store.decisions.at(-1)).toMatchObject({
      sourceEventId: 'e-note',
      decision: 'NOT_ELIGIBLE',
      reason: 'NOT_REGISTERED',
    });
    expectDecisionsToAddUp(store);
  });

  it('a late revocation is skipped; a later credit note takes back only itself', async () => {
    const store = new InMemoryBonusStore();
    const run = pipeline(store, 1);
    await run.contracts(signed);
    await run.consents(grant());
    await run.invoices(invoice);
    await run.consents(grant({ eventId: 'r-1', eventType: 'ConsentRevoked', effectiveAt: '2026-11-05T00:00:00Z' }));
    expect(corrections(store)).toEqual([['r-1', 'r-1', 'INV-1', 'CORRECTION_SKIPPED', 'OUTSIDE_CORRECTION_WINDOW', 0]]);
    await run.invoices(noteOf());
    expect(store.purchases.map((p) => [p.sourceEventId, p.amountCents])).toEqual([
      ['e-inv', 4990],
      ['e-note', -1000],
    ]);
    expect(store.decisions.at(-1)).toMatchObject({ decision: 'BONUS_REVERSED', eligibleAmountCents: -1000 });
    expectDecisionsToAddUp(store);
  });

  it('a late contract transfer is skipped, and names no invoice it would not have changed', async () => {
    const store = new InMemoryBonusStore();
    const run = pipeline(store, 1);
    await run.contracts(signed);
    await run.consents(grant());
    await run.invoices(invoice);
    await run.contracts({ ...signed, eventId: 'k-2', signerCustomerId: 'C-2', changedAt: '2026-11-05T00:00:00Z' });
    await run.contracts({ ...signed, eventId: 'k-0', changedAt: '2026-02-01T00:00:00Z' });
    expect(corrections(store)).toEqual([['k-2', 'k-2', 'INV-1', 'CORRECTION_SKIPPED', 'OUTSIDE_CORRECTION_WINDOW', 0]]);
    await run.invoices(noteOf());
    expect(store.purchases.map((p) => p.amountCents)).toEqual([4990, -1000]);
    expectDecisionsToAddUp(store);
  });

  it('an invoice arriving late is judged with every fact recorded before it arrived', async () => {
    const store = new InMemoryBonusStore();
    const run = pipeline(store, 1);
    await run.contracts(signed);
    await run.consents(grant());
    await run.consents(grant({ eventId: 'r-1', eventType: 'ConsentRevoked', effectiveAt: '2026-11-05T00:00:00Z' }));
    await run.invoices(invoice);
    expect(store.decisions.at(-1)).toMatchObject({ decision: 'NOT_ELIGIBLE', reason: 'CONSENT_REVOKED' });
    await run.invoices(noteOf());
    expect(store.purchases).toEqual([]);
    expectDecisionsToAddUp(store);
  });
});
