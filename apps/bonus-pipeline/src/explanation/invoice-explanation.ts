import { Verdict } from '../domain/bonus-facts';
import { FactWindow, effectiveFacts } from '../domain/correction-window';
import { consentAt, contractVersionAt, decideInvoice } from '../domain/decide-invoice';
import { InvoiceRecords, LoggedDecision, LoggedPurchase, StoredDocument } from './invoice-explanation-reader.port';

export interface ExplainedDocument {
  invoiceId: string;
  kind: StoredDocument['kind'];
  eventId: string | null;
  payerCustomerId: string | null;
  contractId: string | null;
  issuedAt: string | null;
  monthlyFeeCents: number | null;
  creditedInvoiceId: string | null;
  recordedAt: string | null;
}

export interface ContractStateAt {
  eventId: string;
  status: string;
  signerCustomerId: string;
  changedAt: string;
  payerIsSigner: boolean;
}

export interface ConsentStateAt {
  state: 'active' | 'revoked' | 'never';
  memberNumber?: string;
  householdId?: string;
  registrationId?: string;
  grantEventId?: string;
  grantedEffectiveAt?: string;
  revocationEventId?: string;
  revokedEffectiveAt?: string;
}

export type ExplainedDecision = Omit<LoggedDecision, 'decidedAt' | 'recordedAt'> & {
  decidedAt: string;
  recordedAt: string;
};
export type ExplainedPurchase = Omit<LoggedPurchase, 'purchasedAt' | 'recordedAt'> & {
  purchasedAt: string;
  recordedAt: string;
};

export interface InvoiceExplanation {
  asked: ExplainedDocument;
  /** The invoice the asked document is about (itself, or the credited invoice); null if it never arrived. */
  invoice: ExplainedDocument | null;
  creditNotes: ExplainedDocument[];
  /** The instant the invoice is judged at (its issuedAt). */
  judgedAt: string | null;
  /** The contract's state in force at judgedAt, with the facts that count for this invoice (correction window). */
  contract: ContractStateAt | null;
  /** The payer's consent in force at judgedAt. */
  consent: ConsentStateAt;
  /** What the rules give now, with the facts that count for it (what the ledger should hold). */
  verdictNow: Verdict | null;
  /** Every decision about it (its own, its credit notes', corrections), in the order they were recorded. */
  decisions: ExplainedDecision[];
  /** Every bonus purchase event sent for it, in the order they were recorded. */
  purchases: ExplainedPurchase[];
  /** The corrections since: each correction decision with the purchases it announced, in time order. */
  corrections: { decision: ExplainedDecision; purchases: ExplainedPurchase[] }[];
  /** Σ amountCents per member over the purchases: what S-Group holds for it. */
  netByMember: { memberNumber: string; householdId: string; netCents: number }[];
}

/**
 * An invoice explained with the pipeline's own rules: the contract state and consent in force at its issuedAt
 * (`contractVersionAt`, `consentAt` over `effectiveFacts`, as `decideInvoice` judges it), then what was decided
 * and sent for it, from the logs.
 */
export function explainInvoice(records: InvoiceRecords, window: FactWindow): InvoiceExplanation {
  const { invoice } = records;
  const facts = invoiceFacts(invoice);
  const contracts = facts ? effectiveFacts(records.contractHistory, facts, window) : [];
  const consents = facts ? effectiveFacts(records.consentHistory, facts, window) : [];
  const contract = facts ? contractVersionAt(contracts, facts.issuedAtMs) : undefined;
  const credited = records.creditNotes.reduce((n, c) => n + Math.min(0, c.monthlyFeeCents ?? 0), 0);
  const decisions = records.decisions.map(explainDecision);
  const purchases = records.purchases.map(explainPurchase);
  return {
    asked: explainDocument(records.asked),
    invoice: invoice ? explainDocument(invoice) : null,
    creditNotes: records.creditNotes.map(explainDocument),
    judgedAt: facts ? new Date(facts.issuedAtMs).toISOString() : null,
    contract: contract
      ? {
          eventId: contract.eventId,
          status: contract.status,
          signerCustomerId: contract.signerCustomerId,
          changedAt: new Date(contract.changedAtMs).toISOString(),
          payerIsSigner: contract.signerCustomerId === facts!.customerId,
        }
      : null,
    consent: facts ? explainConsent(consentAt(consents, facts.issuedAtMs)) : { state: 'never' },
    verdictNow: facts ? decideInvoice(facts, credited, contracts, consents) : null,
    decisions,
    purchases,
    corrections: decisions
      .filter((d) => d.correction)
      .map((decision) => ({
        decision,
        purchases: purchases.filter(
          (p) => p.correction && p.sourceEventId === decision.sourceEventId && p.invoiceId === decision.invoiceId,
        ),
      })),
    netByMember: netByMember(records.purchases),
  };
}

function invoiceFacts(invoice: StoredDocument | undefined) {
  if (!invoice || invoice.kind !== 'invoice' || invoice.issuedAt === null) return undefined;
  return {
    invoiceId: invoice.invoiceId,
    customerId: invoice.customerId!,
    contractId: invoice.contractId!,
    issuedAtMs: invoice.issuedAt.getTime(),
    monthlyFeeCents: invoice.monthlyFeeCents ?? 0,
    recordedAtMs: invoice.recordedAt?.getTime() ?? null,
  };
}

function explainConsent(consent: ReturnType<typeof consentAt>): ConsentStateAt {
  if (consent.state === 'never') return { state: 'never' };
  const { grant } = consent;
  return {
    state: consent.state,
    memberNumber: grant.memberNumber,
    householdId: grant.householdId,
    registrationId: grant.registrationId,
    grantEventId: grant.eventId,
    grantedEffectiveAt: new Date(grant.effectiveAtMs).toISOString(),
    ...(consent.state === 'revoked'
      ? {
          revocationEventId: consent.revocation.eventId,
          revokedEffectiveAt: new Date(consent.revocation.effectiveAtMs).toISOString(),
        }
      : {}),
  };
}

function explainDocument(d: StoredDocument): ExplainedDocument {
  return {
    invoiceId: d.invoiceId,
    kind: d.kind,
    eventId: d.eventId,
    payerCustomerId: d.customerId,
    contractId: d.contractId,
    issuedAt: d.issuedAt?.toISOString() ?? null,
    monthlyFeeCents: d.monthlyFeeCents,
    creditedInvoiceId: d.creditedInvoiceId,
    recordedAt: d.recordedAt?.toISOString() ?? null,
  };
}

function explainDecision(d: LoggedDecision): ExplainedDecision {
  return { ...d, decidedAt: d.decidedAt.toISOString(), recordedAt: d.recordedAt.toISOString() };
}

function explainPurchase(p: LoggedPurchase): ExplainedPurchase {
  return { ...p, purchasedAt: p.purchasedAt.toISOString(), recordedAt: p.recordedAt.toISOString() };
}

function netByMember(purchases: LoggedPurchase[]): InvoiceExplanation['netByMember'] {
  const net = new Map<string, { memberNumber: string; householdId: string; netCents: number }>();
  for (const p of purchases) {
    const key = `${p.memberNumber}\u0000${p.householdId}`;
    const row = net.get(key) ?? { memberNumber: p.memberNumber, householdId: p.householdId, netCents: 0 };
    row.netCents += p.amountCents;
    net.set(key, row);
  }
  return [...net.values()];
}
