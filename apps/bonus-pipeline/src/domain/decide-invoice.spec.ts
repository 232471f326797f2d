import { ConsentRecord, ContractVersion, InvoiceFacts } from './bonus-facts';
import { consentAt, contractVersionAt, decideInvoice } from './decide-invoice';

const t = (iso: string) => Date.parse(iso);
const invoice: InvoiceFacts = {
  invoiceId: 'INV-1',
  customerId: 'C-1',
  contractId: 'K-1',
  issuedAtMs: t('2026-11-10T08:00:00Z'),
  monthlyFeeCents: 4990,
};
const signedBy = (signer: string, at = '2026-01-01T00:00:00Z', eventId = 'k1'): ContractVersion => ({
  contractId: 'K-1',
  changedAtMs: t(at),
  signerCustomerId: signer,
  status: 'ACTIVE',
  eventId,
});
const grant = (
  at: string,
  registrationId = 'R-1',
  memberNumber = '1234567890',
  eventId = `g-${at}`,
): ConsentRecord => ({
  customerId: 'C-1',
  effectiveAtMs: t(at),
  eventType: 'ConsentGranted',
  registrationId,
  memberNumber,
  householdId: 'H-1',
  eventId,
});
const revoke = (at: string, registrationId = 'R-1'): ConsentRecord => ({
  ...grant(at, registrationId),
  eventType: 'ConsentRevoked',
  eventId: `r-${at}`,
});

describe('decideInvoice', () => {
  it('earns the monthly fee for the member of the signer who pays and has consented (R1, R2, R5, R6)', () => {
    expect(decideInvoice(invoice, 0, [signedBy('C-1')], [grant('2026-11-01T00:00:00Z')])).toEqual({
      eligible: true,
      memberNumber: '1234567890',
      householdId: 'H-1',
      amountCents: 4990,
    });
  });

  it('refuses an invoice whose contract has no state at its issue time', () => {
    expect(
      decideInvoice(invoice, 0, [signedBy('C-1', '2026-11-10T08:00:01Z')], [grant('2026-01-01T00:00:00Z')]),
    ).toEqual({ eligible: false, reason: 'CONTRACT_UNKNOWN' });
  });

  it('refuses a payer who is not the signer at issue time, even after a later transfer to them (R2)', () => {
    const history = [signedBy('C-2'), signedBy('C-1', '2026-11-10T08:00:01Z', 'k2')];
    expect(decideInvoice(invoice, 0, history, [grant('2026-01-01T00:00:00Z')])).toEqual({
      eligible: false,
      reason: 'PAYER_NOT_SIGNER',
    });
  });

  it('judges by the signer at issue time after a transfer to the payer', () => {
    const history = [signedBy('C-2'), signedBy('C-1', '2026-11-10T08:00:00Z', 'k2')];
    expect(decideInvoice(invoice, 0, history, [grant('2026-01-01T00:00:00Z')]).eligible).toBe(true);
  });

  it('counts a consent effective exactly at issue time but not one a millisecond later (R7)', () => {
    expect(decideInvoice(invoice, 0, [signedBy('C-1')], [grant('2026-11-10T08:00:00Z')]).eligible).toBe(true);
    expect(decideInvoice(invoice, 0, [signedBy('C-1')], [grant('2026-11-10T08:00:00.001Z')])).toEqual({
      eligible: false,
      reason: 'NOT_REGISTERED',
    });
  });

  it('stops at a revocation effective at or before issue time, and not before it (R6)', () => {
    expect(
      decideInvoice(invoice, 0, [signedBy('C-1')], [grant('2026-11-01T00:00:00Z'), revoke('2026-11-10T08:00:00Z')]),
    ).toEqual({ eligible: false, reason: 'CONSENT_REVOKED' });
    expect(
      decideInvoice(invoice, 0, [signedBy('C-1')], [grant('2026-11-01T00:00:00Z'), revoke('2026-11-10T08:00:01Z')])
        .eligible,
    ).toBe(true);
  });

  it('a re-registration after a revocation is active again, with its own member number', () => {
    const consents = [
      grant('2026-10-01T00:00:00Z'),
      revoke('2026-10-02T00:00:00Z'),
      grant('2026-10-03T00:00:00Z', 'R-2', '5555555555'),
    ];
    expect(decideInvoice(invoice, 0, [signedBy('C-1')], consents)).toMatchObject({
      eligible: true,
      memberNumber: '5555555555',
    });
  });

  it('a revocation after a replacing registration revokes the customer, not only the registration it names', () => {
    const consents = [
      grant('2026-10-01T00:00:00Z'),
      grant('2026-10-03T00:00:00Z', 'R-2', '5555555555'),
      revoke('2026-10-05T00:00:00Z', 'R-1'),
    ];
    expect(decideInvoice(invoice, 0, [signedBy('C-1')], consents)).toEqual({
      eligible: false,
      reason: 'CONSENT_REVOKED',
    });
  });

  it('takes credit notes off the amount but never below zero (R10)', () => {
    const ok = (credited: number) =>
      decideInvoice(invoice, credited, [signedBy('C-1')], [grant('2026-01-01T00:00:00Z')]);
    expect(ok(-990)).toMatchObject({ amountCents: 4000 });
    expect(ok(-4990)).toEqual({ eligible: false, reason: 'NO_ELIGIBLE_AMOUNT' });
    expect(ok(-9000)).toEqual({ eligible: false, reason: 'NO_ELIGIBLE_AMOUNT' });
    expect(ok(+500)).toMatchObject({ amountCents: 4990 });
  });

  it('has nothing to give for an invoice without monthly fee', () => {
    expect(
      decideInvoice({ ...invoice, monthlyFeeCents: 0 }, 0, [signedBy('C-1')], [grant('2026-01-01T00:00:00Z')]),
    ).toEqual({ eligible: false, reason: 'NO_ELIGIBLE_AMOUNT' });
  });
});

describe('contractVersionAt / consentAt', () => {
  it('breaks a tie between changes at the same instant by eventId, whatever their order', () => {
    const a = signedBy('C-1', '2026-01-01T00:00:00Z', 'a');
    const b = signedBy('C-2', '2026-01-01T00:00:00Z', 'b');
    expect(contractVersionAt([a, b], invoice.issuedAtMs)?.signerCustomerId).toBe('C-2');
    expect(contractVersionAt([b, a], invoice.issuedAtMs)?.signerCustomerId).toBe('C-2');
  });

  it('tells a customer who never registered from one whose consent was revoked', () => {
    expect(consentAt([], invoice.issuedAtMs).state).toBe('never');
    expect(consentAt([grant('2026-12-01T00:00:00Z')], invoice.issuedAtMs).state).toBe('never');
    expect(consentAt([grant('2026-01-01T00:00:00Z'), revoke('2026-02-01T00:00:00Z')], invoice.issuedAtMs).state).toBe(
      'revoked',
    );
  });

  it('names the grant a revocation stopped and that revocation', () => {
    const granted = grant('2026-01-01T00:00:00Z');
    const revoked = revoke('2026-02-01T00:00:00Z');
    expect(consentAt([granted, revoked], invoice.issuedAtMs)).toEqual({
      state: 'revoked',
      grant: granted,
      revocation: revoked,
    });
  });
});
