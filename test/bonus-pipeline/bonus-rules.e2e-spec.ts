import { consent, contractChange, creditNote, invoice, memberNumber, uid } from './support/bonus-inputs';
import { PipelineHarness } from './support/pipeline-harness';
import { asOps } from '../support/test-infra';

const DAY = 86_400_000;
const daysAgo = (d: number, plusMs = 0) => new Date(Date.now() - d * DAY + plusMs).toISOString();

/** A signer with an active contract and, unless told otherwise, a consent effective 20 days ago. */
async function world(h: PipelineHarness, opts: { consented?: boolean } = {}) {
  const w = { customerId: uid('C'), contractId: uid('K'), member: memberNumber(), household: uid('H') };
  const contract = contractChange({ contractId: w.contractId, signerCustomerId: w.customerId, changedAt: daysAgo(25) });
  await h.sendContracts([contract]);
  const absorbed = [contract.eventId];
  if (opts.consented !== false) {
    const granted = consent({
      customerId: w.customerId,
      memberNumber: w.member,
      householdId: w.household,
      effectiveAt: daysAgo(20),
    });
    await h.sendConsents([granted]);
    absorbed.push(granted.eventId);
  }
  // Decisions are judged with what has arrived: let the facts arrive first where a test asserts a decision.
  await h.waitForAbsorbed(absorbed);
  return w;
}

describe('bonus pipeline rules (real Kafka + PostgreSQL)', () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await PipelineHarness.create({ BONUS_CORRECTION_WINDOW_DAYS: '30' });
    await h.startInProcess();
  });
  afterAll(() => h?.close());

  it(
    'R1/R2/R5/R6: the paying signer with an active consent earns exactly the monthly fee, ' + 'discounts included',
    async () => {
      const w = await world(h);
      const inv = invoice({
        customerId: w.customerId,
        contractId: w.contractId,
        issuedAt: daysAgo(5),
        monthlyFeeCents: 4990,
        otherCents: 8900,
      });
      inv.lines.push({
        lineId: '3',
        category: 'MONTHLY_FEE',
        description: 'Loyalty discount',
        grossAmountCents: -1000,
        vatRatePercent: 25.5,
      });
      await h.sendInvoices([inv]);
      const [decision] = await h.waitForDecisions([inv.eventId]);
      expect(decision).toMatchObject({
        invoiceId: inv.invoiceId,
        customerId: w.customerId,
        decision: 'BONUS_RECORDED',
        eligibleAmountCents: 3990,
      });
      expect(JSON.stringify(decision)).not.toContain(w.member);
      await h.waitForNet(inv.invoiceId, { [w.member]: 3990 });
      const [purchase] = h.purchases().filter((p) => p.invoiceId === inv.invoiceId);
      expect(purchase).toMatchObject({
        eventType: 'BonusPurchaseRecorded',
        partnerId: 'sector-alarm-fi',
        householdId: w.household,
        sourceEventId: inv.eventId,
        currency: 'EUR',
        purchasedAt: new Date(inv.issuedAt).toISOString(),
      });
      expect(
        h.probe.on(h.topics.bonusPurchases).find((m) => m.json<{ invoiceId: string }>().invoiceId === inv.invoiceId)
          ?.key,
      ).toBe(w.member);
    },
  );

  it('R1: an invoice without monthly-fee lines earns nothing (NO_ELIGIBLE_AMOUNT)', async () => {
    const w = await world(h);
    const inv = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(5) });
    inv.lines = [
      {
        lineId: '1',
        category: 'INSTALLATION',
        description: 'Installation',
        grossAmountCents: 9900,
        vatRatePercent: 25.5,
      },
    ];
    await h.sendInvoices([inv]);
    expect((await h.waitForDecisions([inv.eventId]))[0]).toMatchObject({
      decision: 'NOT_ELIGIBLE',
      reason: 'NO_ELIGIBLE_AMOUNT',
      eligibleAmountCents: 0,
    });
  });

  it('R2: a payer who is not the signer earns nothing, even with their own consent', async () => {
    const w = await world(h);
    const other = uid('C');
    await h.sendConsents([
      consent({ customerId: other, memberNumber: memberNumber(), householdId: w.household, effectiveAt: daysAgo(20) }),
    ]);
    const inv = invoice({ customerId: other, contractId: w.contractId, issuedAt: daysAgo(5) });
    await h.sendInvoices([inv]);
    expect((await h.waitForDecisions([inv.eventId]))[0]).toMatchObject({
      decision: 'NOT_ELIGIBLE',
      reason: 'PAYER_NOT_SIGNER',
    });
    await h.quiesce(500);
    expect(h.netOf(inv.invoiceId)).toEqual({});
  });

  it(
    "R5: another household member's registration neither earns for the signer " + "nor redirects the signer's bonus",
    async () => {
      const w = await world(h, { consented: false });
      const relative = { customerId: uid('C'), member: memberNumber() };
      await h.sendConsents([
        consent({
          customerId: relative.customerId,
          memberNumber: relative.member,
          householdId: w.household,
          effectiveAt: daysAgo(20),
        }),
      ]);
      const first = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(6) });
      await h.sendInvoices([first]);
      expect((await h.waitForDecisions([first.eventId]))[0]).toMatchObject({
        decision: 'NOT_ELIGIBLE',
        reason: 'NOT_REGISTERED',
      });
      await h.sendConsents([
        consent({
          customerId: w.customerId,
          memberNumber: w.member,
          householdId: w.household,
          effectiveAt: daysAgo(5),
        }),
      ]);
      const second = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(4) });
      await h.sendInvoices([second]);
      await h.waitForNet(second.invoiceId, { [w.member]: 4990 });
      await h.quiesce(500);
      expect(h.netOf(first.invoiceId)).toEqual({});
    },
  );

  it(
    'R7: a consent counts from the instant it is effective: ' + 'an invoice issued a millisecond earlier earns nothing',
    async () => {
      const w = await world(h, { consented: false });
      const effectiveAt = daysAgo(10);
      const granted = consent({
        customerId: w.customerId,
        memberNumber: w.member,
        householdId: w.household,
        effectiveAt,
      });
      await h.sendConsents([granted]);
      await h.waitForAbsorbed([granted.eventId]);
      const before = invoice({
        customerId: w.customerId,
        contractId: w.contractId,
        issuedAt: new Date(Date.parse(effectiveAt) - 1).toISOString(),
      });
      const atIt = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: effectiveAt });
      await h.sendInvoices([before, atIt]);
      const [d1, d2] = await h.waitForDecisions([before.eventId, atIt.eventId]);
      expect(d1).toMatchObject({ decision: 'NOT_ELIGIBLE', reason: 'NOT_REGISTERED' });
      expect(d2).toMatchObject({ decision: 'BONUS_RECORDED', eligibleAmountCents: 4990 });
    },
  );

  it('R6: a revocation stops bonus from its moment on (CONSENT_REVOKED), earlier invoices keep theirs', async () => {
    const w = await world(h);
    const revoked = consent({
      customerId: w.customerId,
      memberNumber: w.member,
      householdId: w.household,
      effectiveAt: daysAgo(8),
      revoked: true,
    });
    await h.sendConsents([revoked]);
    await h.waitForAbsorbed([revoked.eventId]);
    const before = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(9) });
    const after = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(7) });
    await h.sendInvoices([before, after]);
    const [d1, d2] = await h.waitForDecisions([before.eventId, after.eventId]);
    expect(d1.decision).toBe('BONUS_RECORDED');
    expect(d2).toMatchObject({ decision: 'NOT_ELIGIBLE', reason: 'CONSENT_REVOKED' });
  });

  it(
    'a consent that arrives after the invoice it covers ' +
      'is settled by a later Recorded event caused by the consent',
    async () => {
      const w = await world(h, { consented: false });
      const inv = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(3) });
      await h.sendInvoices([inv]);
      expect((await h.waitForDecisions([inv.eventId]))[0]).toMatchObject({ reason: 'NOT_REGISTERED' });
      const late = consent({
        customerId: w.customerId,
        memberNumber: w.member,
        householdId: w.household,
        effectiveAt: daysAgo(4),
      });
      await h.sendConsents([late]);
      await h.waitForNet(inv.invoiceId, { [w.member]: 4990 });
      expect(h.purchases().filter((p) => p.invoiceId === inv.invoiceId)).toEqual([
        expect.objectContaining({ eventType: 'BonusPurchaseRecorded', sourceEventId: late.eventId, amountCents: 4990 }),
      ]);
      expect(await h.waitForCorrection(inv.invoiceId, late.eventId)).toMatchObject({
        sourceEventId: late.eventId,
        customerId: w.customerId,
        decision: 'BONUS_RECORDED',
        eligibleAmountCents: 4990,
        amountChangeCents: 4990,
        correction: true,
      });
    },
  );

  it('a revocation that arrives late reverses what invoices issued after it had earned', async () => {
    const w = await world(h);
    const inv = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(3) });
    await h.sendInvoices([inv]);
    await h.waitForNet(inv.invoiceId, { [w.member]: 4990 });
    const revocation = consent({
      customerId: w.customerId,
      memberNumber: w.member,
      householdId: w.household,
      effectiveAt: daysAgo(4),
      revoked: true,
    });
    await h.sendConsents([revocation]);
    await h.waitForNet(inv.invoiceId, {});
    expect(await h.waitForCorrection(inv.invoiceId, revocation.eventId)).toMatchObject({
      decision: 'NOT_ELIGIBLE',
      reason: 'CONSENT_REVOKED',
      amountChangeCents: -4990,
    });
    expect(
      h
        .purchases()
        .filter((p) => p.invoiceId === inv.invoiceId)
        .map((p) => p.amountCents),
    ).toEqual([4990, -4990]);
  });

  it(
    'a contract transfer that arrives late moves the answer: unknown contract, ' +
      'then the new signer earns, the old one is reversed',
    async () => {
      const seller = { customerId: uid('C'), member: memberNumber() };
      const buyer = { customerId: uid('C'), member: memberNumber() };
      const contractId = uid('K');
      await h.sendConsents([
        consent({
          customerId: seller.customerId,
          memberNumber: seller.member,
          householdId: 'H-s',
          effectiveAt: daysAgo(20),
        }),
        consent({
          customerId: buyer.customerId,
          memberNumber: buyer.member,
          householdId: 'H-b',
          effectiveAt: daysAgo(20),
        }),
      ]);
      const paidBySeller = invoice({ customerId: seller.customerId, contractId, issuedAt: daysAgo(5) });
      await h.sendInvoices([paidBySeller]);
      expect((await h.waitForDecisions([paidBySeller.eventId]))[0]).toMatchObject({ reason: 'CONTRACT_UNKNOWN' });
      await h.sendContracts([
        contractChange({ contractId, signerCustomerId: seller.customerId, changedAt: daysAgo(15) }),
      ]);
      await h.waitForNet(paidBySeller.invoiceId, { [seller.member]: 4990 });
      // The contract had in fact been transferred before that invoice: the seller's purchase is taken back.
      const transfer = contractChange({ contractId, signerCustomerId: buyer.customerId, changedAt: daysAgo(6) });
      await h.sendContracts([transfer]);
      await h.waitForNet(paidBySeller.invoiceId, {});
      expect(await h.waitForCorrection(paidBySeller.invoiceId, transfer.eventId)).toMatchObject({
        decision: 'NOT_ELIGIBLE',
        reason: 'PAYER_NOT_SIGNER',
        amountChangeCents: -4990,
      });
      const paidByBuyer = invoice({ customerId: buyer.customerId, contractId, issuedAt: daysAgo(4) });
      await h.sendInvoices([paidByBuyer]);
      await h.waitForNet(paidByBuyer.invoiceId, { [buyer.member]: 4990 });
    },
  );

  it('credit notes: partial, then full, then over-crediting never takes back more than was added', async () => {
    const w = await world(h);
    const inv = invoice({
      customerId: w.customerId,
      contractId: w.contractId,
      issuedAt: daysAgo(3),
      monthlyFeeCents: 5000,
    });
    await h.sendInvoices([inv]);
    await h.waitForNet(inv.invoiceId, { [w.member]: 5000 });
    const partial = creditNote(inv, 1200);
    await h.sendInvoices([partial]);
    expect((await h.waitForDecisions([partial.eventId]))[0]).toMatchObject({
      invoiceId: partial.invoiceId,
      decision: 'BONUS_REVERSED',
      eligibleAmountCents: -1200,
    });
    await h.waitForNet(inv.invoiceId, { [w.member]: 3800 });
    const rest = creditNote(inv, 3800);
    await h.sendInvoices([rest]);
    await h.waitForNet(inv.invoiceId, {});
    const over = creditNote(inv, 999);
    await h.sendInvoices([over]);
    expect((await h.waitForDecisions([over.eventId]))[0]).toMatchObject({
      decision: 'NOT_ELIGIBLE',
      reason: 'NO_ELIGIBLE_AMOUNT',
    });
    await h.quiesce(500);
    const amounts = h
      .purchases()
      .filter((p) => p.invoiceId === inv.invoiceId)
      .map((p) => p.amountCents);
    expect(amounts).toEqual([5000, -1200, -3800]);
  });

  it('a single credit note larger than its invoice reverses only what the invoice added', async () => {
    const w = await world(h);
    const inv = invoice({
      customerId: w.customerId,
      contractId: w.contractId,
      issuedAt: daysAgo(3),
      monthlyFeeCents: 2000,
    });
    await h.sendInvoices([inv]);
    await h.waitForNet(inv.invoiceId, { [w.member]: 2000 });
    const note = creditNote(inv, 7000);
    await h.sendInvoices([note]);
    expect((await h.waitForDecisions([note.eventId]))[0]).toMatchObject({
      decision: 'BONUS_REVERSED',
      eligibleAmountCents: -2000,
    });
    await h.waitForNet(inv.invoiceId, {});
  });

  it('a credit note before its invoice is INVOICE_UNKNOWN, and the invoice then earns only what is left', async () => {
    const w = await world(h);
    const inv = invoice({
      customerId: w.customerId,
      contractId: w.contractId,
      issuedAt: daysAgo(3),
      monthlyFeeCents: 5000,
    });
    const note = creditNote(inv, 1500);
    await h.sendInvoices([note]);
    expect((await h.waitForDecisions([note.eventId]))[0]).toMatchObject({
      decision: 'NOT_ELIGIBLE',
      reason: 'INVOICE_UNKNOWN',
    });
    await h.sendInvoices([inv]);
    expect((await h.waitForDecisions([inv.eventId]))[0]).toMatchObject({
      decision: 'BONUS_RECORDED',
      eligibleAmountCents: 3500,
      creditedCents: -1500,
      amountChangeCents: 3500,
    });
    await h.waitForNet(inv.invoiceId, { [w.member]: 3500 });
  });

  it(
    'a redelivered input changes nothing; the same invoice under a new eventId is DUPLICATE; ' +
      'different content is a conflict and the first stands',
    async () => {
      const w = await world(h);
      const inv = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(3) });
      await h.sendInvoices([inv]);
      await h.waitForNet(inv.invoiceId, { [w.member]: 4990 });
      const duplicate = { ...inv, eventId: uid('e-dup') };
      const conflicting = { ...inv, eventId: uid('e-conflict'), lines: [{ ...inv.lines[0], grossAmountCents: 9990 }] };
      await h.sendInvoices([inv, duplicate, conflicting]);
      expect((await h.waitForDecisions([duplicate.eventId]))[0]).toMatchObject({
        decision: 'DUPLICATE',
        invoiceId: inv.invoiceId,
      });
      await h.quiesce(800);
      const conflictLetters = h
        .deadLetters()
        .map((m) => m.json<{ errorCode: string; rawValue: string }>())
        .filter((l) => l.errorCode === 'INVOICE_CONFLICT' && l.rawValue.includes(conflicting.eventId));
      expect(conflictLetters).toHaveLength(1);
      expect(h.decisions().filter((d) => d.invoiceId === inv.invoiceId)).toHaveLength(2);
      expect(h.netOf(inv.invoiceId)).toEqual({ [w.member]: 4990 });
    },
  );

  it(
    'a consent or contract eventId repeated with different content is an EVENT_CONFLICT dead letter; ' +
      'the first version stands, a plain redelivery is silent',
    async () => {
      const w = await world(h);
      const grant = consent({
        customerId: w.customerId,
        memberNumber: memberNumber(),
        householdId: uid('H'),
        effectiveAt: daysAgo(15),
      });
      const transfer = contractChange({ contractId: w.contractId, signerCustomerId: uid('C'), changedAt: daysAgo(12) });
      await h.sendConsents([grant]);
      await h.sendContracts([transfer]);
      await h.waitForAbsorbed([grant.eventId, transfer.eventId]);
      // Redeliveries of both, then other content under the same eventIds.
      await h.sendConsents([grant, { ...grant, eventType: 'ConsentRevoked', effectiveAt: daysAgo(10) }]);
      await h.sendContracts([transfer, { ...transfer, signerCustomerId: w.customerId }]);
      await h.quiesce(800);
      const conflicts = h
        .deadLetters()
        .map((m) => m.json<{ errorCode: string; rawValue: string; fields: string[] }>())
        .filter((l) => l.rawValue.includes(grant.eventId) || l.rawValue.includes(transfer.eventId));
      expect(conflicts.map((l) => [l.errorCode, l.fields])).toEqual([
        ['EVENT_CONFLICT', ['eventId']],
        ['EVENT_CONFLICT', ['eventId']],
      ]);
      // The first transfer stands: since day 12 the contract's signer is someone else, so this payer earns nothing.
      const inv = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(1) });
      await h.sendInvoices([inv]);
      expect((await h.waitForDecisions([inv.eventId]))[0]).toMatchObject({
        decision: 'NOT_ELIGIBLE',
        reason: 'PAYER_NOT_SIGNER',
      });
    },
  );

  it('bad input goes to dead letters naming the field and source position, and the partition moves on', async () => {
    const w = await world(h);
    const key = uid('INV');
    const good = invoice({ invoiceId: key, customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(2) });
    const sek = {
      ...invoice({ invoiceId: key, customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(2) }),
      currency: 'SEK',
    };
    const gift = invoice({ invoiceId: key, customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(2) });
    gift.lines[0].category = 'GIFT';
    // Same key ⇒ same partition: the bad ones come first and must not hold the good one back.
    await h.probe.send(h.topics.invoices, [
      { key, value: '{"eventId": "broken' },
      { key, value: JSON.stringify(sek) },
      { key, value: JSON.stringify(gift) },
      { key, value: JSON.stringify({ ...good, issuedAt: '2026-02-30T10:00:00Z' }) },
      { key, value: JSON.stringify(good) },
    ]);
    await h.waitForNet(key, { [w.member]: 4990 });
    await h.quiesce(500);
    const letters = h
      .deadLetters()
      .filter((m) => m.key === key)
      .map((m) =>
        m.json<{
          errorCode: string;
          fields: string[];
          sourceTopic: string;
          sourcePartition: number;
          sourceOffset: string;
        }>(),
      );
    expect(letters.map((l) => [l.errorCode, l.fields])).toEqual([
      ['MALFORMED_JSON', []],
      ['SCHEMA_VIOLATION', ['currency']],
      ['SCHEMA_VIOLATION', ['lines[0].category']],
      ['SCHEMA_VIOLATION', ['issuedAt']],
    ]);
    expect(letters.every((l) => l.sourceTopic === h.topics.invoices && /^\d+$/.test(l.sourceOffset))).toBe(true);
  });

  it(
    'a consent older than the correction window ' + 'does not reach back to invoices issued before the window',
    async () => {
      const w = await world(h, { consented: false });
      const old = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(24) });
      const recent = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(10) });
      // Contract from 25 days ago covers both; the window is 30 days, so move the old one outside by 40 days.
      const ancient = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(40) });
      await h.sendContracts([
        contractChange({
          contractId: w.contractId,
          signerCustomerId: w.customerId,
          changedAt: daysAgo(50),
          eventId: uid('e-crm-old'),
        }),
      ]);
      await h.sendInvoices([ancient, old, recent]);
      await h.waitForDecisions([ancient.eventId, old.eventId, recent.eventId]);
      const late = consent({
        customerId: w.customerId,
        memberNumber: w.member,
        householdId: w.household,
        effectiveAt: daysAgo(45),
      });
      await h.sendConsents([late]);
      await h.waitForNet(recent.invoiceId, { [w.member]: 4990 });
      await h.waitForNet(old.invoiceId, { [w.member]: 4990 });
      expect(await h.waitForCorrection(ancient.invoiceId, late.eventId)).toMatchObject({
        decision: 'CORRECTION_SKIPPED',
        reason: 'OUTSIDE_CORRECTION_WINDOW',
        eligibleAmountCents: 0,
        amountChangeCents: 0,
      });
      await h.quiesce(500);
      expect(h.netOf(ancient.invoiceId)).toEqual({});
    },
  );

  it('reports readiness and a summary: purchases per household, decisions per reason, dead letters', async () => {
    const w = await world(h);
    const inv = invoice({
      customerId: w.customerId,
      contractId: w.contractId,
      issuedAt: daysAgo(2),
      monthlyFeeCents: 1234,
    });
    await h.sendInvoices([inv]);
    await h.waitForNet(inv.invoiceId, { [w.member]: 1234 });
    const base = await h.apps[0].getUrl();
    const url = base.replace('[::1]', '127.0.0.1');
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    const anonymous = await fetch(`${url}/v1/summary`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    const summary = (await (await fetch(`${url}/v1/summary`, asOps())).json()) as {
      bonusPurchasesByHousehold: { householdId: string; netAmountCents: number; invoices: number }[];
      decisions: { decision: string; reason: string | null; count: number }[];
      deadLetters: number;
    };
    expect(summary.bonusPurchasesByHousehold.find((x) => x.householdId === w.household)).toEqual({
      householdId: w.household,
      invoices: 1,
      netAmountCents: 1234,
    });
    const count = (decision: string, reason: string | null) =>
      summary.decisions.find((d) => d.decision === decision && d.reason === reason)?.count ?? 0;
    expect(count('BONUS_RECORDED', null)).toBe(h.decisions().filter((d) => d.decision === 'BONUS_RECORDED').length);
    expect(count('NOT_ELIGIBLE', 'INVOICE_UNKNOWN')).toBe(
      h.decisions().filter((d) => d.reason === 'INVOICE_UNKNOWN').length,
    );
    expect(summary.deadLetters).toBe(h.deadLetters().length);
  });

  it('per invoice, the decisions add up to the purchases (every path this suite took)', async () => {
    await h.quiesce(800);
    const { decided, purchased } = h.totalsPerInvoice();
    expect(Object.keys(purchased).length).toBeGreaterThan(10);
    expect(decided).toEqual(purchased);
  });
});

describe('past the correction window, BONUS_CORRECTION_WINDOW_DAYS=1 (real Kafka + PostgreSQL)', () => {
  let h: PipelineHarness;
  beforeAll(async () => {
    h = await PipelineHarness.create({ BONUS_CORRECTION_WINDOW_DAYS: '1' });
    await h.startInProcess();
  });
  afterAll(() => h?.close());

  it('a late consent is CORRECTION_SKIPPED; a later credit note issues no purchase', async () => {
    const w = await world(h, { consented: false });
    const inv = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(3) });
    await h.sendInvoices([inv]);
    expect((await h.waitForDecisions([inv.eventId]))[0]).toMatchObject({ reason: 'NOT_REGISTERED' });
    const late = consent({
      customerId: w.customerId,
      memberNumber: w.member,
      householdId: w.household,
      effectiveAt: daysAgo(10),
    });
    await h.sendConsents([late]);
    expect(await h.waitForCorrection(inv.invoiceId, late.eventId)).toMatchObject({
      sourceEventId: late.eventId,
      decision: 'CORRECTION_SKIPPED',
      reason: 'OUTSIDE_CORRECTION_WINDOW',
      amountChangeCents: 0,
    });
    const note = creditNote(inv, 1000);
    await h.sendInvoices([note]);
    expect((await h.waitForDecisions([note.eventId]))[0]).toMatchObject({
      decision: 'NOT_ELIGIBLE',
      reason: 'NOT_REGISTERED',
      amountChangeCents: 0,
    });
    await h.quiesce(500);
    expect(h.purchases().filter((p) => p.invoiceId === inv.invoiceId)).toEqual([]);
  });

  it('a late revocation is CORRECTION_SKIPPED; a later credit note of 1000 reverses 1000', async () => {
    const w = await world(h);
    const inv = invoice({ customerId: w.customerId, contractId: w.contractId, issuedAt: daysAgo(3) });
    await h.sendInvoices([inv]);
    await h.waitForNet(inv.invoiceId, { [w.member]: 4990 });
    const revocation = consent({
      customerId: w.customerId,
      memberNumber: w.member,
      householdId: w.household,
      effectiveAt: daysAgo(4),
      revoked: true,
    });
    await h.sendConsents([revocation]);
    expect(await h.waitForCorrection(inv.invoiceId, revocation.eventId)).toMatchObject({
      decision: 'CORRECTION_SKIPPED',
      reason: 'OUTSIDE_CORRECTION_WINDOW',
    });
    const note = creditNote(inv, 1000);
    await h.sendInvoices([note]);
    expect((await h.waitForDecisions([note.eventId]))[0]).toMatchObject({
      decision: 'BONUS_REVERSED',
      eligibleAmountCents: -1000,
      amountChangeCents: -1000,
      creditedInvoiceId: inv.invoiceId,
    });
    await h.waitForNet(inv.invoiceId, { [w.member]: 3990 });
    await h.quiesce(500);
    expect(h.netOf(inv.invoiceId)).toEqual({ [w.member]: 3990 });
  });

  it('per invoice, the decisions add up to the purchases', async () => {
    await h.quiesce(500);
    const { decided, purchased } = h.totalsPerInvoice();
    expect(decided).toEqual(purchased);
  });
});
