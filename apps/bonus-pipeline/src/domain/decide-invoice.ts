import { ConsentRecord, ContractVersion, InvoiceFacts, Verdict } from './bonus-facts';

/** The contract's state at `atMs`: its last change at or before that instant (CONTRACT.md). */
export function contractVersionAt(history: readonly ContractVersion[], atMs: number): ContractVersion | undefined {
  let found: ContractVersion | undefined;
  for (const v of history) {
    if (v.changedAtMs > atMs) continue;
    // Two changes at the same instant: the larger eventId wins, so every instance agrees.
    if (
      !found ||
      v.changedAtMs > found.changedAtMs ||
      (v.changedAtMs === found.changedAtMs && v.eventId > found.eventId)
    )
      found = v;
  }
  return found;
}

/** `revoked` names the grant and the revocation that stopped it (the explanation of an invoice shows both). */
export type ConsentAt =
  | { state: 'active'; grant: ConsentRecord }
  | { state: 'revoked'; grant: ConsentRecord; revocation: ConsentRecord }
  | { state: 'never' };

/**
 * The customer's consent at `atMs` (R6, R7): the latest grant effective at or before that instant
 * is active unless a revocation effective at or before it revokes that registration, or revokes
 * any registration after that grant (a revocation stops data "from that moment", whichever
 * registration it names).
 */
export function consentAt(history: readonly ConsentRecord[], atMs: number): ConsentAt {
  let grant: ConsentRecord | undefined;
  for (const c of history) {
    if (c.eventType !== 'ConsentGranted' || c.effectiveAtMs > atMs) continue;
    if (
      !grant ||
      c.effectiveAtMs > grant.effectiveAtMs ||
      (c.effectiveAtMs === grant.effectiveAtMs && c.eventId > grant.eventId)
    )
      grant = c;
  }
  if (!grant) return { state: 'never' };
  const g = grant;
  const revocation = history.find(
    (c) =>
      c.eventType === 'ConsentRevoked' &&
      c.effectiveAtMs <= atMs &&
      (c.registrationId === g.registrationId || c.effectiveAtMs > g.effectiveAtMs),
  );
  return revocation ? { state: 'revoked', grant: g, revocation } : { state: 'active', grant: g };
}

/**
 * What invoice I earns, judged at its own issuedAt: the payer must be the contract's signer
 * (R2, R5), the signer's consent must be active (R6, R7), and the amount is the monthly fee less
 * what credit notes took back, never below zero (R1, R10).
 * `creditedCents` is the sum of the credit notes' MONTHLY_FEE amounts (≤ 0).
 */
export function decideInvoice(
  invoice: InvoiceFacts,
  creditedCents: number,
  contractHistory: readonly ContractVersion[],
  payerConsents: readonly ConsentRecord[],
): Verdict {
  const contract = contractVersionAt(contractHistory, invoice.issuedAtMs);
  if (!contract) return { eligible: false, reason: 'CONTRACT_UNKNOWN' };
  // R2 only: the rules do not require the contract to be ACTIVE at issuedAt (see docs/bonus-pipeline.md).
  if (contract.signerCustomerId !== invoice.customerId) return { eligible: false, reason: 'PAYER_NOT_SIGNER' };
  const consent = consentAt(payerConsents, invoice.issuedAtMs);
  if (consent.state === 'never') return { eligible: false, reason: 'NOT_REGISTERED' };
  if (consent.state === 'revoked') return { eligible: false, reason: 'CONSENT_REVOKED' };
  const amountCents = Math.max(0, invoice.monthlyFeeCents + Math.min(0, creditedCents));
  if (amountCents === 0) return { eligible: false, reason: 'NO_ELIGIBLE_AMOUNT' };
  return {
    eligible: true,
    memberNumber: consent.grant.memberNumber,
    householdId: consent.grant.householdId,
    amountCents,
  };
}
