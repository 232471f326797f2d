import { ConsentEvent, CrmContractEvent, InvoiceEvent } from '@sa/contracts';

/** A customer in the demo, and what customer service does for them. */
export interface DemoCustomer {
  customerId: string;
  contractId: string;
  contractStatus: CrmContractEvent['status'];
  memberNumber?: string;
  householdId?: string;
  ownerCustomer?: boolean;
  /** What the agent types first (e.g. the S-card number by mistake), before the right member number. */
  firstTyped?: string;
  register?: ConsentEvent['channel'];
  revokeAfterFirstInvoice?: boolean;
  payerCustomerId?: string;
  story: string;
}

export const HAND_MADE: DemoCustomer[] = [
  {
    customerId: 'C-1001',
    contractId: 'K-5001',
    contractStatus: 'ACTIVE',
    memberNumber: '1000000001',
    householdId: 'H-LINDQVIST',
    ownerCustomer: true,
    register: 'PHONE',
    story: 'registered by phone: earns Bonus on the monthly fee only',
  },
  {
    customerId: 'C-1002',
    contractId: 'K-5002',
    contractStatus: 'ACTIVE',
    memberNumber: '1000000002',
    householdId: 'H-LINDQVIST',
    ownerCustomer: true,
    register: 'CHAT',
    story: 'same household as C-1001 (purchases pooled); monthly fee with a discount',
  },
  {
    customerId: 'C-1003',
    contractId: 'K-5003',
    contractStatus: 'QUOTE',
    memberNumber: '1000000003',
    householdId: 'H-3',
    ownerCustomer: true,
    register: 'PHONE',
    story: 'only asked for a quote: registration refused (R8)',
  },
  {
    customerId: 'C-1004',
    contractId: 'K-5004',
    contractStatus: 'ACTIVE',
    memberNumber: '1000000004',
    householdId: 'H-4',
    ownerCustomer: false,
    register: 'EMAIL',
    story: 'not an owner-customer household: refused (R9)',
  },
  {
    customerId: 'C-1005',
    contractId: 'K-5005',
    contractStatus: 'ACTIVE',
    story: 'never registered: invoices not eligible',
  },
  {
    customerId: 'C-1006',
    contractId: 'K-5006',
    contractStatus: 'ACTIVE',
    memberNumber: '1000000006',
    householdId: 'H-NIEMINEN',
    ownerCustomer: true,
    firstTyped: '6046170012345678',
    register: 'EMAIL',
    story: 'agent first typed the S-card number (refused with a hint); a credit note takes part back',
  },
  {
    customerId: 'C-1007',
    contractId: 'K-5007',
    contractStatus: 'ACTIVE',
    memberNumber: '1000000007',
    householdId: 'H-7',
    ownerCustomer: true,
    register: 'PHONE',
    payerCustomerId: 'C-1099',
    story: 'invoice paid by someone who did not sign: not eligible (R2)',
  },
  {
    customerId: 'C-1008',
    contractId: 'K-5008',
    contractStatus: 'ACTIVE',
    memberNumber: '1000000008',
    householdId: 'H-8',
    ownerCustomer: true,
    register: 'CHAT',
    revokeAfterFirstInvoice: true,
    story: 'revokes consent mid-month: later invoices not eligible (R6)',
  },
];

/** Generated co-op members, each registered and invoiced once this month. */
export function generatedCustomers(count: number): DemoCustomer[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    return {
      customerId: `C-2${n}`,
      contractId: `K-6${n}`,
      contractStatus: 'ACTIVE' as const,
      memberNumber: `20000${n.padStart(5, '0')}`,
      householdId: `H-G${Math.floor(i / 2)}`,
      ownerCustomer: true,
      register: (['PHONE', 'CHAT', 'EMAIL'] as const)[i % 3],
      story: 'generated',
    };
  });
}

export function contractEvent(c: DemoCustomer, changedAt: string): CrmContractEvent {
  return {
    eventId: `demo-k-${c.contractId}`,
    contractId: c.contractId,
    signerCustomerId: c.customerId,
    status: c.contractStatus,
    changedAt,
  };
}

let invoiceSeq = 0;

export function monthlyInvoice(
  c: DemoCustomer,
  issuedAt: Date,
  feeCents = 4990,
  extras: InvoiceEvent['lines'] = [],
): InvoiceEvent {
  invoiceSeq++;
  const month = `${issuedAt.getUTCMonth() + 1}/${issuedAt.getUTCFullYear()}`;
  return {
    eventId: `demo-inv-e-${invoiceSeq}`,
    eventType: 'InvoiceIssued',
    invoiceId: `INV-DEMO-${String(invoiceSeq).padStart(6, '0')}`,
    creditedInvoiceId: null,
    customerId: c.payerCustomerId ?? c.customerId,
    contractId: c.contractId,
    issuedAt: issuedAt.toISOString(),
    currency: 'EUR',
    lines: [
      {
        lineId: '1',
        category: 'MONTHLY_FEE',
        description: `Alarm monthly fee ${month}`,
        grossAmountCents: feeCents,
        vatRatePercent: 25.5,
      },
      ...extras,
    ],
  };
}

export function creditNote(invoice: InvoiceEvent, amountCents: number, issuedAt: Date): InvoiceEvent {
  invoiceSeq++;
  return {
    ...invoice,
    eventId: `demo-cn-e-${invoiceSeq}`,
    eventType: 'CreditNoteIssued',
    invoiceId: `CN-DEMO-${String(invoiceSeq).padStart(6, '0')}`,
    creditedInvoiceId: invoice.invoiceId,
    issuedAt: issuedAt.toISOString(),
    lines: [
      {
        lineId: '1',
        category: 'MONTHLY_FEE',
        description: 'Credit: alarm monthly fee',
        grossAmountCents: -amountCents,
        vatRatePercent: 25.5,
      },
    ],
  };
}
