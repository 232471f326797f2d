/** Generated inputs for the pipeline benchmark: every invoice is eligible, so each yields one purchase. */
const DAY = 86_400_000;

export interface BenchClock {
  contractsFrom: string;
  consentsFrom: string;
  invoicesFrom: number;
}

export function benchClock(now = Date.now()): BenchClock {
  return {
    contractsFrom: new Date(now - 30 * DAY).toISOString(),
    consentsFrom: new Date(now - 20 * DAY).toISOString(),
    invoicesFrom: now - 10 * DAY,
  };
}

const customerId = (i: number) => `C-${i}`;
const contractId = (i: number) => `K-${i}`;

export function contractMessage(i: number, clock: BenchClock): { key: string; value: string } {
  return {
    key: contractId(i),
    value: JSON.stringify({
      eventId: `crm-${i}`,
      contractId: contractId(i),
      signerCustomerId: customerId(i),
      status: 'ACTIVE',
      changedAt: clock.contractsFrom,
    }),
  };
}

export function consentMessage(i: number, clock: BenchClock): { key: string; value: string } {
  return {
    key: customerId(i),
    value: JSON.stringify({
      eventId: `consent-${i}`,
      eventType: 'ConsentGranted',
      registrationId: `R-${i}`,
      customerId: customerId(i),
      memberNumber: String(1_000_000_000 + i),
      householdId: `H-${Math.floor(i / 2)}`,
      effectiveAt: clock.consentsFrom,
      channel: 'PHONE',
      recordedBy: 'bench',
    }),
  };
}

/** Invoice n of the run `tag`, paid by its contract's signer; `customers` spreads them over signers. */
export function invoiceMessage(
  tag: string,
  n: number,
  customers: number,
  clock: BenchClock,
): { key: string; value: string } {
  const c = (n * 7919) % customers;
  const invoiceId = `INV-${tag}-${n}`;
  return {
    key: invoiceId,
    value: JSON.stringify({
      eventId: `e-${tag}-${n}`,
      eventType: 'InvoiceIssued',
      invoiceId,
      creditedInvoiceId: null,
      customerId: customerId(c),
      contractId: contractId(c),
      issuedAt: new Date(clock.invoicesFrom + n).toISOString(),
      currency: 'EUR',
      lines: [
        {
          lineId: '1',
          category: 'MONTHLY_FEE',
          description: 'Alarm monthly fee',
          grossAmountCents: 4990,
          vatRatePercent: 25.5,
        },
        {
          lineId: '2',
          category: 'EQUIPMENT',
          description: 'Smoke detector',
          grossAmountCents: 8900,
          vatRatePercent: 25.5,
        },
      ],
    }),
  };
}
