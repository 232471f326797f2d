import { DeadLetterCode } from '@sa/contracts';

/**
 * A seeded generator of hostile traffic for the bonus pipeline's three input topics: corrupted
 * messages of every class the issue names (each with the dead letter code it must end as), mixed
 * with valid traffic whose bonus sums are computed here, by a plain reading of the rules, without
 * any production code. Shared by the fuzz e2e suite (test/) and `npm run fuzz` (full size).
 */

export type InputTopic = 'invoices' | 'crmContracts' | 'consents';
export const INPUT_TOPICS: InputTopic[] = ['invoices', 'crmContracts', 'consents'];

/** The broker's default `message.max.bytes` (one record batch), which the test broker keeps. */
export const BROKER_MAX_BATCH_BYTES = 1_048_588;
/** A value this large still fits one record batch with a short key (batch and record overhead ~100 bytes). */
export const NEAR_MAX_VALUE_BYTES = BROKER_MAX_BATCH_BYTES - 600;

export type Expectation =
  /** Must end as exactly one dead letter with this code, at the message's own position. */
  | { kind: 'dead-letter'; code: DeadLetterCode }
  /** An invoice or credit note: exactly one decision for this eventId, no dead letter. */
  | { kind: 'decision'; eventId: string }
  /** A contract change or consent: recorded, no dead letter (it has no output of its own). */
  | { kind: 'fact'; eventId: string };

export interface FuzzMessage {
  topic: InputTopic;
  /** Chosen by the generator, so that a key's messages stay in order and positions are known. */
  partition: number;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer>;
  /** e.g. `corrupt:truncated-json`, `valid:odd-key`. */
  class: string;
  expect: Expectation;
}

export interface FuzzPlan {
  messages: FuzzMessage[];
  /** Sent after everything else: its decision shows that output continues. */
  sentinel: FuzzMessage;
  /** invoiceId → memberNumber → net cents, for every valid invoice (an empty map: earns nothing). */
  expectedNet: Map<string, Map<string, number>>;
  /** How many messages of each class, in sending order of first appearance. */
  classCounts: Map<string, number>;
}

export interface FuzzPlanOptions {
  seed: number;
  /** Prefix of every identifier, so that runs never share ids. */
  run: string;
  corrupted: number;
  validInvoices: number;
  customers: number;
  /** Near-maximum-size values among the corrupted ones (and a few valid ones). */
  huge: number;
  partitions: Record<InputTopic, number>;
  /** Invoices are issued in the 10 days before this instant. */
  now?: number;
}

/** xorshift32: the same seed gives the same traffic, so a failing run can be repeated. */
export class Rng {
  private x: number;
  constructor(seed: number) {
    this.x = seed | 0 || 0x9e3779b9;
  }
  next(): number {
    this.x ^= this.x << 13;
    this.x ^= this.x >>> 17;
    this.x ^= this.x << 5;
    return (this.x >>> 0) / 4_294_967_296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }
}

const HOUR = 3_600_000;
const json = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8');
const text = (s: string) => Buffer.from(s, 'utf8');

/** FNV-1a of the key: equal keys land on one partition, so their order is kept. */
function partitionOf(key: Buffer | null, partitions: number, rng: Rng): number {
  if (key === null) return rng.int(0, partitions - 1);
  let h = 0x811c9dc5;
  for (const b of key) h = Math.imul(h ^ b, 0x01000193);
  return (h >>> 0) % partitions;
}

interface Signer {
  customerId: string;
  contractId: string;
  member: string;
  household: string;
  /** When the consent starts (null: never registered) and when it is revoked (null: never). */
  grantAt: number | null;
  revokeAt: number | null;
}

interface Line {
  lineId: string;
  category: string;
  description?: string;
  grossAmountCents: number;
  vatRatePercent: number;
}

type Invoice = {
  eventId: string;
  eventType: 'InvoiceIssued' | 'CreditNoteIssued';
  invoiceId: string;
  creditedInvoiceId: string | null;
  customerId: string;
  contractId: string;
  issuedAt: string;
  currency: string;
  lines: Line[];
} & Record<string, unknown>;

/** Builds the whole run: world (contracts, consents), invoices, corrupted messages, interleaved. */
export function buildFuzzPlan(o: FuzzPlanOptions): FuzzPlan {
  const rng = new Rng(o.seed);
  const now = o.now ?? Date.now();
  const base = now - 10 * 24 * HOUR;
  const iso = (ms: number) => new Date(ms).toISOString();
  let serial = 0;
  const id = (prefix: string) => `${o.run}-${prefix}${++serial}`;

  const signers: Signer[] = Array.from({ length: o.customers }, (_, i) => {
    const registered = i % 7 !== 6; // some never register
    const grantAt = registered ? base + rng.int(-48, 120) * HOUR : null;
    const revokeAt = grantAt !== null && i % 5 === 4 ? grantAt + rng.int(1, 120) * HOUR : null;
    return {
      customerId: `${o.run}-C${i}`,
      contractId: `${o.run}-K${i}`,
      member: String(3_000_000_000 + i),
      household: `${o.run}-H${i % 40}`,
      grantAt,
      revokeAt,
    };
  });

  const valid: FuzzMessage[] = [];
  const corrupt: FuzzMessage[] = [];
  /** Conflicting repeats: each must follow its original on the same partition. */
  const followers: { original: FuzzMessage; follower: FuzzMessage }[] = [];
  const add = (list: FuzzMessage[], m: Omit<FuzzMessage, 'partition'>, partition?: number): FuzzMessage => {
    const full = { ...m, partition: partition ?? partitionOf(m.key, o.partitions[m.topic], rng) };
    list.push(full);
    return full;
  };

  // Valid facts: a contract per signer (changed before any invoice), a consent, some revocations.
  const contractEvents: Record<string, unknown>[] = [];
  const consentEvents: Record<string, unknown>[] = [];
  for (const s of signers) {
    const contract = {
      eventId: id('e-crm'),
      contractId: s.contractId,
      signerCustomerId: s.customerId,
      status: 'ACTIVE',
      changedAt: iso(base - 24 * HOUR),
    };
    contractEvents.push(contract);
    const original = add(valid, {
      topic: 'crmContracts',
      key: oddKeyOr(rng, text(s.contractId)),
      value: json(contract),
      headers: oddHeaders(rng),
      class: 'valid:contract',
      expect: { kind: 'fact', eventId: contract.eventId },
    });
    if (rng.chance(0.1)) {
      const changed = { ...contract, signerCustomerId: `${o.run}-C-other` };
      followers.push({
        original,
        follower: {
          ...original,
          value: json(changed),
          class: 'corrupt:event-conflict',
          expect: { kind: 'dead-letter', code: 'EVENT_CONFLICT' },
        },
      });
    }
    if (s.grantAt === null) continue;
    const registrationId = `${o.run}-R${s.customerId}`;
    const grant = consentEvent(id('e-cons'), s, registrationId, iso(s.grantAt), false);
    consentEvents.push(grant);
    const grantMessage = add(valid, {
      topic: 'consents',
      key: text(s.customerId),
      value: json(grant),
      headers: oddHeaders(rng),
      class: 'valid:consent',
      expect: { kind: 'fact', eventId: grant.eventId },
    });
    if (rng.chance(0.1)) {
      const changed = { ...grant, memberNumber: '1999999999' };
      followers.push({
        original: grantMessage,
        follower: {
          ...grantMessage,
          value: json(changed),
          class: 'corrupt:event-conflict',
          expect: { kind: 'dead-letter', code: 'EVENT_CONFLICT' },
        },
      });
    }
    if (s.revokeAt !== null) {
      const revoke = consentEvent(id('e-cons'), s, registrationId, iso(s.revokeAt), true);
      consentEvents.push(revoke);
      add(valid, {
        topic: 'consents',
        key: text(s.customerId),
        value: json(revoke),
        class: 'valid:consent',
        expect: { kind: 'fact', eventId: revoke.eventId },
      });
    }
  }

  // Valid invoices, credit notes and duplicates; the expected net is computed from the rules here.
  const expectedNet = new Map<string, Map<string, number>>();
  const invoices: Invoice[] = [];
  const creditNotes: Invoice[] = [];
  const makeInvoice = (): Invoice => {
    const s = rng.pick(signers);
    const payer = rng.chance(0.1) ? rng.pick(signers).customerId : s.customerId;
    const lines: Line[] = [
      {
        lineId: '1',
        category: 'MONTHLY_FEE',
        description: 'Alarm monthly fee',
        grossAmountCents: rng.int(100, 9999),
        vatRatePercent: 25.5,
      },
    ];
    if (rng.chance(0.3))
      lines.push({
        lineId: '2',
        category: 'EQUIPMENT',
        description: 'Smoke detector',
        grossAmountCents: rng.int(1, 20000),
        vatRatePercent: 25.5,
      });
    if (rng.chance(0.2))
      lines.push({
        lineId: '3',
        category: 'MONTHLY_FEE',
        description: 'Loyalty discount',
        grossAmountCents: -rng.int(1, 99),
        vatRatePercent: 25.5,
      });
    return {
      eventId: id('e-inv'),
      eventType: 'InvoiceIssued',
      invoiceId: id('INV'),
      creditedInvoiceId: null,
      customerId: payer,
      contractId: s.contractId,
      issuedAt: iso(base + rng.int(0, 240 * 60) * 60_000),
      currency: 'EUR',
      lines,
    };
  };
  const addInvoice = (inv: Invoice, cls: string, key: Buffer | null, extra: Partial<FuzzMessage> = {}) =>
    add(
      valid,
      {
        topic: 'invoices',
        key,
        value: json(inv),
        class: cls,
        expect: { kind: 'decision', eventId: inv.eventId },
        ...extra,
      },
      partitionOf(text(inv.invoiceId), o.partitions.invoices, rng),
    );
  for (let n = 0; n < o.validInvoices; n++) {
    const inv = makeInvoice();
    invoices.push(inv);
    const variant = rng.int(0, 9);
    if (variant === 0) {
      // Any characters in a free-text field are valid: NUL, a lone surrogate (as a JSON escape), emoji.
      inv.lines[0].description = rng.pick([
        'nul \u0000 inside',
        'lone \ud800 surrogate',
        'emoji 🔔 and ünïcödé',
        'tab\tand\nnewline',
      ]);
      const original = addInvoice(inv, 'valid:odd-characters', text(inv.invoiceId));
      maybeConflict(original, inv);
    } else if (variant === 1) {
      const original = addInvoice(
        { ...inv, unknownField: { nested: [1, 'x', null] } } as Invoice,
        'valid:unknown-fields',
        oddKeyOr(rng, text(inv.invoiceId)),
        { headers: oddHeaders(rng, true) },
      );
      maybeConflict(original, inv);
    } else {
      const original = addInvoice(inv, 'valid:invoice', text(inv.invoiceId), { headers: oddHeaders(rng) });
      maybeConflict(original, inv);
    }
    if (rng.chance(0.1)) {
      const credited = rng.chance(0.3)
        ? inv.lines[0].grossAmountCents + rng.int(1, 500)
        : rng.int(1, inv.lines[0].grossAmountCents);
      const note: Invoice = {
        ...inv,
        eventId: id('e-cn'),
        eventType: 'CreditNoteIssued',
        invoiceId: id('CN'),
        creditedInvoiceId: inv.invoiceId,
        lines: [
          {
            lineId: '1',
            category: 'MONTHLY_FEE',
            description: 'Credit',
            grossAmountCents: -credited,
            vatRatePercent: 25.5,
          },
        ],
      };
      creditNotes.push(note);
      addInvoice(note, 'valid:credit-note', text(note.invoiceId));
    }
    if (rng.chance(0.05)) addInvoice({ ...inv, eventId: id('e-dup') }, 'valid:duplicate', text(inv.invoiceId));
  }
  function maybeConflict(original: FuzzMessage, inv: Invoice) {
    if (!rng.chance(0.08)) return;
    const changed = {
      ...inv,
      eventId: id('e-conflict'),
      lines: [{ ...inv.lines[0], grossAmountCents: inv.lines[0].grossAmountCents + 1 }, ...inv.lines.slice(1)],
    };
    followers.push({
      original,
      follower: {
        ...original,
        value: json(changed),
        class: 'corrupt:invoice-conflict',
        expect: { kind: 'dead-letter', code: 'INVOICE_CONFLICT' },
      },
    });
  }
  // A few valid invoices near the broker's maximum size: an unknown field carries the bulk.
  for (let n = 0; n < Math.max(1, Math.floor(o.huge / 6)); n++) {
    const inv = makeInvoice();
    invoices.push(inv);
    const shell = json({ ...inv, padding: '' }).length;
    addInvoice(
      { ...inv, padding: 'p'.repeat(NEAR_MAX_VALUE_BYTES - shell) } as Invoice,
      'valid:near-max-size',
      text(inv.invoiceId),
    );
  }

  // Corrupted messages: spread over the classes and the three topics.
  const templates: Record<InputTopic, () => Record<string, unknown>> = {
    invoices: () => makeInvoiceTemplate(rng, id, base),
    crmContracts: () => ({
      eventId: id('e-crm-x'),
      contractId: id('K-x'),
      signerCustomerId: id('C-x'),
      status: 'ACTIVE',
      changedAt: iso(base),
    }),
    consents: () => consentEvent(id('e-cons-x'), signers[0], id('R-x'), iso(base), false),
  };
  const classes = corruptClasses(rng);
  // Every near-maximum class on every topic it applies to, in turn; the rest drawn at random.
  const hugeCombos = classes
    .filter((c) => c.huge)
    .flatMap((c) => INPUT_TOPICS.filter((t) => !c.topics || c.topics.includes(t)).map((topic) => ({ c, topic })));
  const hugeEvery = Math.max(1, Math.floor(o.corrupted / Math.max(1, o.huge)));
  let hugeDone = 0;
  for (let n = 0; corrupt.length < o.corrupted; n++) {
    const hugeTurn = hugeDone < o.huge && n % hugeEvery === 0;
    let topic = INPUT_TOPICS[n % 3];
    let c: CorruptClass;
    if (hugeTurn) ({ c, topic } = hugeCombos[hugeDone++ % hugeCombos.length]);
    else c = rng.pick(classes.filter((k) => !k.huge && (!k.topics || k.topics.includes(topic))));
    const { value, code } = c.make(templates[topic](), topic);
    // Huge values keep short plain keys and no headers, so the record batch stays within the broker's limit.
    const key = c.huge ? text(id('k')) : oddKeyOr(rng, text(id('k')));
    add(corrupt, {
      topic,
      key,
      value,
      headers: c.huge ? undefined : oddHeaders(rng),
      class: `corrupt:${c.name}`,
      expect: { kind: 'dead-letter', code },
    });
  }
  // Interleave: a seeded shuffle, then every conflicting repeat somewhere after its original.
  const order = shuffle([...valid, ...corrupt], rng);
  for (const { original, follower } of followers) {
    const at = order.indexOf(original);
    order.splice(rng.int(at + 1, order.length), 0, follower);
  }

  // The sentinel: a registered signer's invoice, sent last of all.
  const s = signers.find((x) => x.grantAt !== null && x.revokeAt === null)!;
  const sentinelInvoice: Invoice = {
    eventId: id('e-sentinel'),
    eventType: 'InvoiceIssued',
    invoiceId: id('INV-sentinel'),
    creditedInvoiceId: null,
    customerId: s.customerId,
    contractId: s.contractId,
    issuedAt: iso(now - HOUR),
    currency: 'EUR',
    lines: [{ lineId: '1', category: 'MONTHLY_FEE', grossAmountCents: 4990, vatRatePercent: 25.5 }],
  };
  invoices.push(sentinelInvoice);
  const sentinel: FuzzMessage = {
    topic: 'invoices',
    partition: partitionOf(text(sentinelInvoice.invoiceId), o.partitions.invoices, rng),
    key: text(sentinelInvoice.invoiceId),
    value: json(sentinelInvoice),
    class: 'valid:sentinel',
    expect: { kind: 'decision', eventId: sentinelInvoice.eventId },
  };

  for (const inv of invoices) expectedNet.set(inv.invoiceId, expectedFor(inv, signers, creditNotes));
  const classCounts = new Map<string, number>();
  for (const m of [...order, sentinel]) classCounts.set(m.class, (classCounts.get(m.class) ?? 0) + 1);
  return { messages: order, sentinel, expectedNet, classCounts };
}

/**
 * The rules read plainly: the payer must be the contract's signer (every contract here has one
 * version, from before any invoice), the signer's consent must be granted at or before issuedAt
 * and not revoked by then; the amount is the MONTHLY_FEE lines less the credit notes, never below 0.
 */
function expectedFor(inv: Invoice, signers: Signer[], notes: Invoice[]): Map<string, number> {
  const out = new Map<string, number>();
  const s = signers.find((x) => x.contractId === inv.contractId)!;
  const t = Date.parse(inv.issuedAt);
  if (
    s.customerId !== inv.customerId ||
    s.grantAt === null ||
    s.grantAt > t ||
    (s.revokeAt !== null && s.revokeAt <= t)
  )
    return out;
  const fee = inv.lines.filter((l) => l.category === 'MONTHLY_FEE').reduce((sum, l) => sum + l.grossAmountCents, 0);
  const credited = notes
    .filter((n) => n.creditedInvoiceId === inv.invoiceId)
    .reduce((sum, n) => sum + Math.min(0, n.lines[0].grossAmountCents), 0);
  const cents = Math.max(0, fee + credited);
  if (cents > 0) out.set(s.member, cents);
  return out;
}

function consentEvent(eventId: string, s: Signer, registrationId: string, effectiveAt: string, revoked: boolean) {
  return {
    eventId,
    eventType: revoked ? 'ConsentRevoked' : 'ConsentGranted',
    registrationId,
    customerId: s.customerId,
    memberNumber: s.member,
    householdId: s.household,
    effectiveAt,
    channel: 'PHONE',
    recordedBy: 'agent-17',
  };
}

function makeInvoiceTemplate(rng: Rng, id: (p: string) => string, base: number): Record<string, unknown> {
  return {
    eventId: id('e-inv-x'),
    eventType: 'InvoiceIssued',
    invoiceId: id('INV-x'),
    creditedInvoiceId: null,
    customerId: id('C-x'),
    contractId: id('K-x'),
    issuedAt: new Date(base + rng.int(0, 240) * HOUR).toISOString(),
    currency: 'EUR',
    lines: [
      {
        lineId: '1',
        category: 'MONTHLY_FEE',
        description: 'Alarm monthly fee',
        grossAmountCents: 4990,
        vatRatePercent: 25.5,
      },
    ],
  };
}

interface CorruptClass {
  name: string;
  topics?: InputTopic[];
  huge?: boolean;
  make(template: Record<string, unknown>, topic: InputTopic): { value: Buffer | null; code: DeadLetterCode };
}

/** The first string field of a template that the schema checks as an identifier. */
const ID_FIELD: Record<InputTopic, string> = {
  invoices: 'customerId',
  crmContracts: 'signerCustomerId',
  consents: 'customerId',
};
/** A field whose type is checked strictly, and a wrong-typed value for it. */
const NUMBER_AS_STRING: Record<InputTopic, (t: Record<string, unknown>) => void> = {
  invoices: (t) =>
    ((t.lines as Line[])[0] = { ...(t.lines as Line[])[0], grossAmountCents: '4990' as unknown as number }),
  crmContracts: (t) => (t.changedAt = Date.parse(t.changedAt as string)),
  consents: (t) => (t.memberNumber = Number(t.memberNumber)),
};

function nested(depth: number, open: string, close: string, inner: string): string {
  return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}

/** Spliced into a template's JSON text as an extra (unknown) field. */
function withRawField(t: Record<string, unknown>, field: string, rawJson: string): Buffer {
  const body = JSON.stringify(t);
  return text(`${body.slice(0, -1)},${JSON.stringify(field)}:${rawJson}}`);
}

function corruptClasses(rng: Rng): CorruptClass[] {
  const schema = (value: Buffer): { value: Buffer; code: DeadLetterCode } => ({ value, code: 'SCHEMA_VIOLATION' });
  return [
    { name: 'tombstone', make: () => ({ value: null, code: 'EMPTY_MESSAGE' }) },
    { name: 'empty-value', make: () => ({ value: Buffer.alloc(0), code: 'EMPTY_MESSAGE' }) },
    {
      name: 'invalid-utf8',
      make: (t) => {
        const bytes = json(t);
        const at = rng.int(1, bytes.length - 2);
        const bad = rng.pick([[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80]]);
        return {
          value: Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]),
          code: 'INVALID_UTF8',
        };
      },
    },
    {
      name: 'random-bytes',
      make: () => ({
        value: Buffer.concat([Buffer.from([0xfe, 0x00]), rng.bytes(rng.int(1, 300))]),
        code: 'INVALID_UTF8',
      }),
    },
    {
      name: 'malformed-json',
      make: (t) => ({
        value: text(
          rng.pick([
            `{"eventId": "broken`,
            `{eventId: 1}`,
            `{"a":1,}`,
            `nope`,
            `{"a" "b"}`,
            `${JSON.stringify(t)}}`,
            `{"s":"raw\u0001control"}`,
            `\u0000`,
            `NaN`,
          ]),
        ),
        code: 'MALFORMED_JSON',
      }),
    },
    {
      name: 'truncated-json',
      make: (t) => {
        const bytes = json(t);
        // Cut at a character boundary: any strict prefix of JSON.stringify's output is invalid JSON.
        let end = rng.int(1, bytes.length - 1);
        while ((bytes[end] & 0xc0) === 0x80) end--;
        return { value: bytes.subarray(0, end), code: 'MALFORMED_JSON' };
      },
    },
    {
      name: 'not-an-object',
      make: (t) => ({
        value: text(rng.pick(['42', '"text"', 'null', 'true', '[]', JSON.stringify([t]), '1e400'])),
        code: 'NOT_AN_OBJECT',
      }),
    },
    {
      name: 'lines-nested-10000-deep',
      topics: ['invoices'],
      make: (t) => ({
        value: withRawField({ ...t, lines: undefined }, 'lines', nested(10_000, '[', ']', '')),
        code: 'NESTING_TOO_DEEP',
      }),
    },
    {
      name: 'unknown-field-nested-10000-deep',
      make: (t) => ({ value: withRawField(t, 'x', nested(10_000, '{"a":', '}', '1')), code: 'NESTING_TOO_DEEP' }),
    },
    {
      name: 'unknown-field-nested-33-deep',
      make: (t) => ({ value: withRawField(t, 'x', nested(32, '[', ']', '1')), code: 'NESTING_TOO_DEEP' }),
    },
    {
      name: 'lone-surrogate-in-identifier',
      make: (t, topic) => schema(json({ ...t, [ID_FIELD[topic]]: `C-\ud800-${rng.int(0, 9)}` })),
    },
    {
      name: 'nul-in-identifier',
      make: (t, topic) => schema(json({ ...t, [ID_FIELD[topic]]: `C-\u0000-${rng.int(0, 9)}` })),
    },
    { name: 'array-of-lines-as-line', topics: ['invoices'], make: (t) => schema(json({ ...t, lines: [t.lines] })) },
    {
      name: 'array-instead-of-object',
      topics: ['invoices'],
      make: (t) => schema(json({ ...t, lines: [[1, 2], 'line'] })),
    },
    { name: 'number-as-string', make: (t, topic) => (NUMBER_AS_STRING[topic](t), schema(json(t))) },
    {
      name: 'bad-cents',
      topics: ['invoices'],
      make: (t) => {
        const cents = rng.pick([
          '49.5',
          '9007199254740993',
          '1e400',
          '-1e400',
          '100000001',
          '4990.0000001',
          '"NaN"',
          '{}',
          'null',
        ]);
        const body = JSON.stringify({ ...t, lines: [{ ...(t.lines as Line[])[0], grossAmountCents: 0 }] }).replace(
          '"grossAmountCents":0',
          `"grossAmountCents":${cents}`,
        );
        return schema(text(body));
      },
    },
    {
      name: 'wrong-nesting',
      topics: ['invoices'],
      make: (t) =>
        schema(
          json(
            rng.pick([
              { ...t, lines: (t.lines as Line[])[0] },
              { invoice: t },
              { ...t, lines: undefined, ...(t.lines as Line[])[0] },
            ]),
          ),
        ),
    },
    { name: 'wrapped-message', topics: ['crmContracts', 'consents'], make: (t) => schema(json({ event: t })) },
    {
      name: 'wrong-value',
      make: (t, topic) => {
        const wrong: Record<InputTopic, Record<string, unknown>[]> = {
          invoices: [
            { currency: 'SEK' },
            { eventType: 'Invoice' },
            { issuedAt: '2026-02-30T10:00:00Z' },
            { issuedAt: '2026-01-01T10:00:00' },
            { eventId: '' },
            { invoiceId: 'x'.repeat(129) },
          ],
          crmContracts: [{ status: 'OPEN' }, { changedAt: 'yesterday' }, { contractId: ' K-1' }, { eventId: null }],
          consents: [
            { eventType: 'ConsentMaybe' },
            { channel: 'STORE' },
            { memberNumber: '123' },
            { effectiveAt: '1999-12-31T23:59:59Z' },
          ],
        };
        return schema(json({ ...t, ...rng.pick(wrong[topic]) }));
      },
    },
    {
      name: 'missing-field',
      make: (t) => {
        const copy = { ...t };
        delete copy[rng.pick(Object.keys(copy).filter((k) => k !== 'creditedInvoiceId' && k !== 'description'))];
        return schema(json(copy));
      },
    },
    // Near the broker's maximum size.
    {
      name: 'near-max-invalid-utf8',
      huge: true,
      make: () => ({
        value: Buffer.concat([Buffer.from('{"a":"'), Buffer.alloc(NEAR_MAX_VALUE_BYTES - 6, 0xff)]),
        code: 'INVALID_UTF8',
      }),
    },
    {
      name: 'near-max-malformed-json',
      huge: true,
      make: () => ({ value: text(`{"a":"${'x'.repeat(NEAR_MAX_VALUE_BYTES - 6)}`), code: 'MALFORMED_JSON' }),
    },
    // Raw control characters: not JSON, and each one grows six-fold when escaped in the dead letter.
    {
      name: 'near-max-control-characters',
      huge: true,
      make: () => ({ value: Buffer.alloc(NEAR_MAX_VALUE_BYTES, 0x01), code: 'MALFORMED_JSON' }),
    },
    {
      name: 'near-max-nul-bytes',
      huge: true,
      make: () => ({ value: Buffer.alloc(NEAR_MAX_VALUE_BYTES, 0x00), code: 'MALFORMED_JSON' }),
    },
    {
      name: 'near-max-too-long-description',
      huge: true,
      topics: ['invoices'],
      make: (t) => {
        const shell = json({ ...t, lines: [{ ...(t.lines as Line[])[0], description: '' }] }).length;
        return schema(
          json({ ...t, lines: [{ ...(t.lines as Line[])[0], description: 'd'.repeat(NEAR_MAX_VALUE_BYTES - shell) }] }),
        );
      },
    },
    {
      name: 'near-max-many-bad-lines',
      huge: true,
      topics: ['invoices'],
      make: (t) => {
        const line = JSON.stringify({ lineId: '1', category: 'GIFT', grossAmountCents: '1', vatRatePercent: 1 });
        const count = Math.floor((NEAR_MAX_VALUE_BYTES - 400) / (line.length + 1));
        return schema(withRawField({ ...t, lines: undefined }, 'lines', `[${Array(count).fill(line).join(',')}]`));
      },
    },
    {
      name: 'near-max-unknown-field-too-deep',
      huge: true,
      make: (t) => ({
        value: withRawField(t, 'x', nested((NEAR_MAX_VALUE_BYTES - 1000) >> 1, '[', ']', '')),
        code: 'NESTING_TOO_DEEP',
      }),
    },
    {
      name: 'near-max-json-array',
      huge: true,
      make: () => ({ value: text(`[${'1,'.repeat((NEAR_MAX_VALUE_BYTES >> 1) - 2)}1]`), code: 'NOT_AN_OBJECT' }),
    },
  ];
}

/** Any bytes a key can hold: none, NUL, invalid UTF-8, an encoded lone surrogate, over 1 KiB. */
function oddKeyOr(rng: Rng, normal: Buffer): Buffer | null {
  if (!rng.chance(0.3)) return normal;
  return rng.pick<() => Buffer | null>([
    () => null,
    () => Buffer.concat([normal, Buffer.from([0x00, 0x0a])]),
    () => Buffer.concat([normal, Buffer.from([0xff, 0xfe])]),
    () => Buffer.concat([normal, Buffer.from([0xed, 0xa0, 0x80])]),
    () => Buffer.from(`${normal.toString('utf8')}-${'ü'.repeat(700)}`, 'utf8'),
    () => Buffer.alloc(0),
  ])();
}

/** Headers nobody asked for, with any bytes in their values. */
function oddHeaders(rng: Rng, always = false): Record<string, Buffer> | undefined {
  if (!always && !rng.chance(0.2)) return undefined;
  return {
    'x-unknown': Buffer.from('surprise'),
    'x-binary': Buffer.from([0x00, 0xff, 0xfe, 0xed, 0xa0, 0x80]),
    'content-type': Buffer.from('application/xml'),
    'x-\u00fc\ud83d\udd14': Buffer.from('\u0000\ud800', 'utf8'),
  };
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
