import { ConsentRecord, ContractVersion } from '../domain/bonus-facts';
import { correctionWindowMs } from '../domain/correction-window';
import { InvoiceRecords, StoredDocument } from './invoice-explanation-reader.port';
import { explainInvoice } from './invoice-explanation';

const t = (iso: string) => new Date(iso);
const window = { windowMs: correctionWindowMs(400) };

const invoice: StoredDocument = {
  invoiceId: 'INV-1',
  kind: 'invoice',
  eventId: 'e-inv',
  creditedInvoiceId: null,
  customerId: 'C-1',
  contractId: 'K-1',
  issuedAt: t('2026-11-10T08:00:00Z'),
  monthlyFeeCents: 4990,
  recordedAt: t('2026-11-10T08:00:01Z'),
};
const signed = (signer: string, changedAt: string, eventId: string): ContractVersion => ({
  eventId,
  contractId: 'K-1',
  changedAtMs: Date.parse(changedAt),
  signerCustomerId: signer,
  status: 'ACTIVE',
  recordedAtMs: Date.parse(changedAt),
});
const consent = (type: ConsentRecord['eventType'], effectiveAt: string, recordedAt = effectiveAt): ConsentRecord => ({
  eventId: `${type}-${effectiveAt}`,
  customerId: 'C-1',
  effectiveAtMs: Date.parse(effectiveAt),
  eventType: type,
  registrationId: 'R-1',
  memberNumber: '1234567890',
  householdId: 'H-1',
  recordedAtMs: Date.parse(recordedAt),
});

function records(overrides: Partial<InvoiceRecords> = {}): InvoiceRecords {
  return {
    asked: invoice,
    invoice,
    creditNotes: [],
    contractHistory: [signed('C-1', '2026-01-01T00:00:00Z', 'k1'), signed('C-2', '2026-12-01T00:00:00Z', 'k2')],
    consentHistory: [consent('ConsentGranted', '2026-02-01T00:00:00Z')],
    decisions: [],
    purchases: [],
    ...overrides,
  };
}

describe('explainInvoice', () => {
  it('shows the contract state and consent in force at issuedAt, not later ones', () => {
    const x = explainInvoice(records(), window);
    expect(x.judgedAt).toBe('2026-11-10T08:00:00.000Z');
    expect(x.contract).toEqual({
      eventId: 'k1',
      status: 'ACTIVE',
      signerCustomerId: 'C-1',
      changedAt: '2026-01-01T00:00:00.000Z',
      payerIsSigner: true,
    });
    expect(x.consent).toMatchObject({ state: 'active', memberNumber: '1234567890', householdId: 'H-1' });
    expect(x.verdictNow).toEqual({ eligible: true, memberNumber: '1234567890', householdId: 'H-1', amountCents: 4990 });
  });

  it('names the revocation in force, and counts credit notes in the verdict', () => {
    const note: StoredDocument = { ...invoice, invoiceId: 'CN-1', kind: 'credit_note', monthlyFeeCents: -1000 };
    const x = explainInvoice(
      records({
        consentHistory: [consent('ConsentGranted', '2026-02-01T00:00:00Z')],
        creditNotes: [note],
      }),
      window,
    );
    expect(x.verdictNow).toMatchObject({ eligible: true, amountCents: 3990 });
    const revoked = explainInvoice(
      records({
        consentHistory: [
          consent('ConsentGranted', '2026-02-01T00:00:00Z'),
          consent('ConsentRevoked', '2026-11-01T00:00:00Z'),
        ],
      }),
      window,
    );
    expect(revoked.consent).toMatchObject({
      state: 'revoked',
      revocationEventId: 'ConsentRevoked-2026-11-01T00:00:00Z',
      revokedEffectiveAt: '2026-11-01T00:00:00.000Z',
    });
    expect(revoked.verdictNow).toEqual({ eligible: false, reason: 'CONSENT_REVOKED' });
  });

  it('leaves out a fact recorded after the invoice closed to facts (outside the window), as the pipeline does', () => {
    const late = consent('ConsentGranted', '2026-02-01T00:00:00Z', '2028-06-01T00:00:00Z');
    const x = explainInvoice(records({ consentHistory: [late] }), window);
    expect(x.consent).toEqual({ state: 'never' });
    expect(x.verdictNow).toEqual({ eligible: false, reason: 'NOT_REGISTERED' });
  });

  it('groups each correction decision with the purchases it announced, and nets per member', () => {
    const at = t('2026-11-11T00:00:00Z');
    const logged = { creditedInvoiceId: null, customerId: 'C-1', reason: null, decidedAt: at, recordedAt: at };
    const x = explainInvoice(
      records({
        decisions: [
          {
            ...logged,
            eventId: 'd1',
            invoiceId: 'INV-1',
            decision: 'NOT_ELIGIBLE',
            reason: 'NOT_REGISTERED',
            eligibleAmountCents: 0,
            amountChangeCents: 0,
            correction: false,
            causeEventId: null,
            sourceEventId: 'e-inv',
          },
          {
            ...logged,
            eventId: 'd2',
            invoiceId: 'INV-1',
            decision: 'BONUS_RECORDED',
            eligibleAmountCents: 4990,
            amountChangeCents: 4990,
            correction: true,
            causeEventId: 'e-consent',
            sourceEventId: 'e-consent',
          },
        ],
        purchases: [
          {
            eventId: 'p1',
            eventType: 'BonusPurchaseRecorded',
            invoiceId: 'INV-1',
            memberNumber: '1234567890',
            householdId: 'H-1',
            amountCents: 4990,
            purchasedAt: invoice.issuedAt!,
            sourceEventId: 'e-consent',
            correction: true,
            recordedAt: at,
          },
        ],
      }),
      window,
    );
    expect(x.corrections).toHaveLength(1);
    expect(x.corrections[0].decision.eventId).toBe('d2');
    expect(x.corrections[0].purchases.map((p) => p.eventId)).toEqual(['p1']);
    expect(x.netByMember).toEqual([{ memberNumber: '1234567890', householdId: 'H-1', netCents: 4990 }]);
  });

  it('explains a credit note whose invoice never arrived without a verdict', () => {
    const note: StoredDocument = { ...invoice, invoiceId: 'CN-1', kind: 'credit_note', creditedInvoiceId: 'INV-9' };
    const x = explainInvoice(records({ asked: note, invoice: undefined }), window);
    expect(x).toMatchObject({ invoice: null, judgedAt: null, contract: null, consent: { state: 'never' } });
    expect(x.verdictNow).toBeNull();
  });
});
