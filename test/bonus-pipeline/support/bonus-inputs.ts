import { randomBytes } from 'node:crypto';

/** Builders for the three input topics' messages, in the CONTRACT.md shapes. */
let counter = 0;
export const uid = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}-${++counter}`;

export interface InvoiceInput {
  eventId: string;
  eventType: 'InvoiceIssued' | 'CreditNoteIssued';
  invoiceId: string;
  creditedInvoiceId: string | null;
  customerId: string;
  contractId: string;
  issuedAt: string;
  currency: string;
  lines: { lineId: string; category: string; description?: string; grossAmountCents: number; vatRatePercent: number }[];
}

export function invoice(p: {
  invoiceId?: string;
  customerId: string;
  contractId: string;
  issuedAt: string;
  monthlyFeeCents?: number;
  otherCents?: number;
  eventId?: string;
}): InvoiceInput {
  const lines = [
    {
      lineId: '1',
      category: 'MONTHLY_FEE',
      description: 'Alarm monthly fee',
      grossAmountCents: p.monthlyFeeCents ?? 4990,
      vatRatePercent: 25.5,
    },
  ];
  if (p.otherCents)
    lines.push({
      lineId: '2',
      category: 'EQUIPMENT',
      description: 'Smoke detector',
      grossAmountCents: p.otherCents,
      vatRatePercent: 25.5,
    });
  return {
    eventId: p.eventId ?? uid('e-inv'),
    eventType: 'InvoiceIssued',
    invoiceId: p.invoiceId ?? uid('INV'),
    creditedInvoiceId: null,
    customerId: p.customerId,
    contractId: p.contractId,
    issuedAt: p.issuedAt,
    currency: 'EUR',
    lines,
  };
}

export function creditNote(
  of: InvoiceInput,
  creditedCents: number,
  p: { invoiceId?: string; issuedAt?: string; eventId?: string } = {},
): InvoiceInput {
  return {
    eventId: p.eventId ?? uid('e-cn'),
    eventType: 'CreditNoteIssued',
    invoiceId: p.invoiceId ?? uid('CN'),
    creditedInvoiceId: of.invoiceId,
    customerId: of.customerId,
    contractId: of.contractId,
    issuedAt: p.issuedAt ?? of.issuedAt,
    currency: 'EUR',
    lines: [
      {
        lineId: '1',
        category: 'MONTHLY_FEE',
        description: 'Credit: monthly fee',
        grossAmountCents: -creditedCents,
        vatRatePercent: 25.5,
      },
    ],
  };
}

export function contractChange(p: {
  contractId: string;
  signerCustomerId: string;
  changedAt: string;
  status?: 'QUOTE' | 'ACTIVE' | 'TERMINATED';
  eventId?: string;
}) {
  return {
    eventId: p.eventId ?? uid('e-crm'),
    contractId: p.contractId,
    signerCustomerId: p.signerCustomerId,
    status: p.status ?? 'ACTIVE',
    changedAt: p.changedAt,
  };
}

export function consent(p: {
  customerId: string;
  memberNumber: string;
  householdId: string;
  effectiveAt: string;
  revoked?: boolean;
  registrationId?: string;
  eventId?: string;
}) {
  return {
    eventId: p.eventId ?? uid('e-consent'),
    eventType: p.revoked ? 'ConsentRevoked' : 'ConsentGranted',
    registrationId: p.registrationId ?? `R-${p.customerId}`,
    customerId: p.customerId,
    memberNumber: p.memberNumber,
    householdId: p.householdId,
    effectiveAt: p.effectiveAt,
    channel: 'PHONE',
    recordedBy: 'agent-17',
  };
}

/** A fresh random 10-digit member number. */
export const memberNumber = () => String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999));
