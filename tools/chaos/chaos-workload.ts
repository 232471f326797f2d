import { TopicKey } from '@sa/contracts';

/** One message for an input topic, as the billing system, the CRM or the registration service sends it. */
export interface InputMessage {
  topic: Extract<TopicKey, 'invoices' | 'crmContracts' | 'consents'>;
  key: string | null;
  value: string;
}

export interface InvoiceLine {
  lineId: string;
  category: string;
  description: string;
  grossAmountCents: number;
  vatRatePercent: number;
}

export interface InvoiceInput {
  eventId: string;
  eventType: 'InvoiceIssued' | 'CreditNoteIssued';
  invoiceId: string;
  creditedInvoiceId: string | null;
  customerId: string;
  contractId: string;
  issuedAt: string;
  currency: 'EUR';
  lines: InvoiceLine[];
}

export interface ContractInput {
  eventId: string;
  contractId: string;
  signerCustomerId: string;
  status: 'QUOTE' | 'ACTIVE' | 'TERMINATED';
  changedAt: string;
}

export interface ConsentInput {
  eventId: string;
  eventType: 'ConsentGranted' | 'ConsentRevoked';
  registrationId: string;
  customerId: string;
  memberNumber: string;
  householdId: string;
  effectiveAt: string;
  channel: 'PHONE' | 'CHAT' | 'EMAIL';
  recordedBy: string;
}

/** A generated chaos workload: the valid inputs (each once), what is sent (shuffled, with repeats), and counts. */
export interface ChaosWorkload {
  invoices: InvoiceInput[];
  creditNotes: InvoiceInput[];
  contracts: ContractInput[];
  consents: ConsentInput[];
  /** Every message to send, in the (shuffled, cross-topic) order to send it. */
  messages: InputMessage[];
  /** eventIds of invoice-topic inputs that each must get a decision (documents and new-eventId duplicates). */
  decidedEventIds: Set<string>;
  /** The raw values of the malformed messages: each must come back as exactly one dead letter. */
  malformed: Set<string>;
  counts: {
    transfers: number;
    revocations: number;
    redelivered: number;
    sameContentNewEventId: number;
    unknownInvoiceCreditNotes: number;
  };
}

/** Small, fast, seedable PRNG (mulberry32): a run is reproducible from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;

/**
 * N invoices over 300 days with the inputs that change their outcome: contracts (some transferred
 * to another signer, some terminated), consents (some revoked, some granted again, some with a new
 * member number), invoices whose payer is not the signer, invoices issued exactly when a consent
 * took effect (the R7 edge), credit notes (partial, full, over-credit, two per invoice, for unknown
 * invoices), redeliveries, same content under a new eventId, and malformed messages on every input topic.
 */
export function chaosWorkload(run: string, invoiceCount: number, seed: number): ChaosWorkload {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const base = Date.UTC(2025, 11, 1);
  const period = 300 * DAY;
  // Whole seconds, and each instant used once per subject: ties have no rule to break them.
  let tick = 0;
  const instant = (fromMs: number, toMs: number) => Math.floor(between(fromMs, toMs) / 1000) * 1000 + (++tick % 1000);
  const iso = (ms: number) => new Date(ms).toISOString();
  let nextEvent = 0;
  const eventId = (kind: string) => `${run}-${kind}-${++nextEvent}`;

  const customerCount = Math.max(4, Math.ceil(invoiceCount / 8));
  const customers = Array.from({ length: customerCount }, (_, i) => ({
    customerId: `${run}-C${i}`,
    contractId: `${run}-K${i}`,
    member: String(3_000_000_000 + i),
    household: `${run}-H${Math.floor(i / 3)}`,
  }));
  const counts = {
    transfers: 0,
    revocations: 0,
    redelivered: 0,
    sameContentNewEventId: 0,
    unknownInvoiceCreditNotes: 0,
  };

  const contracts: ContractInput[] = [];
  for (const [i, c] of customers.entries()) {
    const contract = (signer: string, status: ContractInput['status'], atMs: number): ContractInput => ({
      eventId: eventId('k'),
      contractId: c.contractId,
      signerCustomerId: signer,
      status,
      changedAt: iso(atMs),
    });
    const signedAt = base - between(5, 30) * DAY;
    contracts.push(contract(c.customerId, 'ACTIVE', signedAt));
    if (chance(0.08) && customerCount > 1) {
      counts.transfers++;
      const to = customers[(i + between(1, customerCount - 1)) % customerCount].customerId;
      contracts.push(contract(to, 'ACTIVE', instant(base, base + period)));
    } else if (chance(0.03)) {
      contracts.push(contract(c.customerId, 'TERMINATED', instant(base + period / 2, base + period)));
    }
  }

  const consents: ConsentInput[] = [];
  const consentTimes = new Map<string, number[]>();
  for (const c of customers) {
    if (!chance(0.75)) continue;
    const grant = (atMs: number, registrationId: string, member: string): ConsentInput => ({
      eventId: eventId('g'),
      eventType: 'ConsentGranted',
      registrationId,
      customerId: c.customerId,
      memberNumber: member,
      householdId: c.household,
      effectiveAt: iso(atMs),
      channel: pick(['PHONE', 'CHAT', 'EMAIL'] as const),
      recordedBy: 'agent-chaos',
    });
    const grantedAt = instant(base - 20 * DAY, base + period / 2);
    const first = grant(grantedAt, `${c.customerId}-R1`, c.member);
    consents.push(first);
    const times = [grantedAt];
    if (chance(0.2)) {
      counts.revocations++;
      const revokedAt = instant(grantedAt + DAY, base + period * 0.8);
      consents.push({ ...first, eventId: eventId('r'), eventType: 'ConsentRevoked', effectiveAt: iso(revokedAt) });
      times.push(revokedAt);
      if (chance(0.5)) {
        const again = instant(revokedAt + DAY, base + period);
        const member = chance(0.3) ? String(6_000_000_000 + customers.indexOf(c)) : c.member;
        consents.push(grant(again, `${c.customerId}-R2`, member));
        times.push(again);
      }
    }
    consentTimes.set(c.customerId, times);
  }

  const line = (lineId: string, category: string, cents: number): InvoiceLine => ({
    lineId,
    category,
    description: `${category.toLowerCase()} ${lineId}`,
    grossAmountCents: cents,
    vatRatePercent: 25.5,
  });
  const invoices: InvoiceInput[] = [];
  const creditNotes: InvoiceInput[] = [];
  for (let n = 0; n < invoiceCount; n++) {
    const payer = pick(customers);
    // Mostly the payer's own contract; sometimes someone else's (R2: payer is not the signer).
    const contractId = chance(0.05) ? pick(customers).contractId : payer.contractId;
    const edges = consentTimes.get(payer.customerId);
    const issuedAtMs = edges && chance(0.03) ? pick(edges) : instant(base, base + period);
    const fee = between(500, 5000);
    const lines = [line('1', 'MONTHLY_FEE', fee)];
    if (chance(0.3)) lines.push(line('2', pick(['EQUIPMENT', 'INSTALLATION', 'SERVICE', 'OTHER']), between(100, 9000)));
    if (chance(0.05)) lines.push(line('3', 'MONTHLY_FEE', -between(50, 400))); // a discount on the fee
    const inv: InvoiceInput = {
      eventId: eventId('i'),
      eventType: 'InvoiceIssued',
      invoiceId: `${run}-INV${n}`,
      creditedInvoiceId: null,
      customerId: payer.customerId,
      contractId,
      issuedAt: iso(issuedAtMs),
      currency: 'EUR',
      lines,
    };
    invoices.push(inv);
    if (!chance(0.12)) continue;
    const notes = chance(0.15) ? 2 : 1;
    for (let k = 0; k < notes; k++) {
      const cents = pick([between(50, fee), fee, fee + 500]);
      creditNotes.push(creditNoteFor(inv, `${run}-CN${n}-${k}`, cents, eventId('c'), issuedAtMs + (k + 1) * DAY));
    }
  }
  for (let g = 0; g < Math.max(1, Math.floor(invoiceCount / 200)); g++) {
    counts.unknownInvoiceCreditNotes++;
    const ghost = { ...invoices[g % invoices.length], invoiceId: `${run}-GHOST${g}` };
    creditNotes.push(creditNoteFor(ghost, `${run}-CNG${g}`, 700, eventId('c'), Date.parse(ghost.issuedAt) + DAY));
  }

  const messages: InputMessage[] = [
    ...contracts.map((v) => message('crmContracts', v.contractId, v)),
    ...consents.map((v) => message('consents', v.customerId, v)),
    ...[...invoices, ...creditNotes].map((v) => message('invoices', v.invoiceId, v)),
  ];
  const decidedEventIds = new Set([...invoices, ...creditNotes].map((d) => d.eventId));
  const repeats: InputMessage[] = [];
  for (const m of messages) {
    if (chance(0.02)) {
      counts.redelivered++;
      repeats.push(m); // the same message again (same eventId): nothing new may come of it
    }
  }
  for (const inv of invoices) {
    if (!chance(0.01)) continue;
    counts.sameContentNewEventId++;
    const copy = { ...inv, eventId: eventId('d') }; // same invoice, new eventId: a DUPLICATE decision
    decidedEventIds.add(copy.eventId);
    repeats.push(message('invoices', copy.invoiceId, copy));
  }
  const malformed = malformedMessages(run, Math.max(3, Math.floor(invoiceCount / 200)));
  const all = [...messages, ...repeats, ...malformed];
  shuffle(all, random);
  return {
    invoices,
    creditNotes,
    contracts,
    consents,
    messages: all,
    decidedEventIds,
    malformed: new Set(malformed.map((m) => m.value)),
    counts,
  };
}

function creditNoteFor(inv: InvoiceInput, invoiceId: string, cents: number, id: string, atMs: number): InvoiceInput {
  return {
    eventId: id,
    eventType: 'CreditNoteIssued',
    invoiceId,
    creditedInvoiceId: inv.invoiceId,
    customerId: inv.customerId,
    contractId: inv.contractId,
    issuedAt: new Date(atMs).toISOString(),
    currency: 'EUR',
    lines: [
      { lineId: '1', category: 'MONTHLY_FEE', description: 'credit', grossAmountCents: -cents, vatRatePercent: 25.5 },
    ],
  };
}

function message(topic: InputMessage['topic'], key: string, value: object): InputMessage {
  return { topic, key, value: JSON.stringify(value) };
}

/** Each unique (a marker in it), so every one is told apart among the dead letters. */
function malformedMessages(run: string, count: number): InputMessage[] {
  const forms: ((marker: string) => InputMessage)[] = [
    (m) => ({ topic: 'invoices', key: m, value: `{"eventId":"${m}","invoiceId":` }),
    (m) => ({ topic: 'invoices', key: m, value: JSON.stringify({ eventId: m, eventType: 'InvoiceIssued' }) }),
    (m) => ({
      topic: 'invoices',
      key: m,
      value: JSON.stringify({
        eventId: m,
        eventType: 'InvoiceIssued',
        invoiceId: m,
        creditedInvoiceId: null,
        customerId: 'C-x',
        contractId: 'K-x',
        issuedAt: 'yesterday',
        currency: 'EUR',
        lines: [],
      }),
    }),
    (m) => ({ topic: 'crmContracts', key: m, value: JSON.stringify({ eventId: m, contractId: m, status: 'MAYBE' }) }),
    (m) => ({ topic: 'consents', key: m, value: JSON.stringify({ eventId: m, eventType: 'ConsentGranted' }) }),
    (m) => ({ topic: 'consents', key: null, value: `not json ${m}` }),
  ];
  return Array.from({ length: count }, (_, i) => forms[i % forms.length](`${run}-bad-${i}`));
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
