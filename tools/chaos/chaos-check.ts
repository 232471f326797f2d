/** What came out on the three output topics, each message's value as received (raw JSON text). */
export interface ChaosOutputs {
  purchases: string[];
  decisions: string[];
  deadLetters: string[];
}

export interface ChaosVerdict {
  /** Inputs that must be decided (documents, same content under a new eventId) with no decision. */
  lost: number;
  /** (invoice, member) pairs whose net on the purchases topic differs from the independent evaluation. */
  wrongSums: number;
  /** Pairs the evaluation gives a non-zero amount. */
  expectedPairs: number;
  expectedCents: number;
  purchasedCents: number;
  /** Same eventId carrying different content (any output topic). */
  conflictingIds: number;
  /** The same message again (same eventId, same bytes): S-Group counts it once. */
  identicalDuplicates: { purchases: number; decisions: number; deadLetters: number };
  distinctPurchaseIds: number;
  /** Distinct dead-lettered raw values that are among the malformed ones sent, and those that are not. */
  deadLettered: { malformed: number; other: number };
  malformedSent: number;
  /** A few examples of each problem, for the report. */
  examples: string[];
}

interface Purchase {
  eventId: string;
  invoiceId: string;
  memberNumber: string;
  amountCents: number;
}

/**
 * Compares the outputs with the expected bonus (`invoiceId → member → cents`) as S-Group would
 * sum them: per (member, invoice), over distinct eventIds.
 */
export function checkChaosOutputs(
  outputs: ChaosOutputs,
  expected: ReadonlyMap<string, ReadonlyMap<string, number>>,
  mustDecide: ReadonlySet<string>,
  malformed: ReadonlySet<string>,
): ChaosVerdict {
  const examples: string[] = [];
  const note = (line: string) => void (examples.length < 12 && examples.push(line));
  const purchases = distinct(outputs.purchases, note);
  const decisions = distinct(outputs.decisions, note);
  const letters = distinct(outputs.deadLetters, note);

  const net = new Map<string, Map<string, number>>();
  let purchasedCents = 0;
  for (const value of purchases.byId.values()) {
    const p = JSON.parse(value) as Purchase;
    const perMember = net.get(p.invoiceId) ?? new Map<string, number>();
    perMember.set(p.memberNumber, (perMember.get(p.memberNumber) ?? 0) + p.amountCents);
    net.set(p.invoiceId, perMember);
    purchasedCents += p.amountCents;
  }
  let wrongSums = 0;
  let expectedPairs = 0;
  let expectedCents = 0;
  for (const invoiceId of new Set([...expected.keys(), ...net.keys()])) {
    const want = expected.get(invoiceId) ?? new Map<string, number>();
    const got = net.get(invoiceId) ?? new Map<string, number>();
    for (const member of new Set([...want.keys(), ...got.keys()])) {
      const w = want.get(member) ?? 0;
      const g = got.get(member) ?? 0;
      if (w !== 0) expectedPairs++;
      expectedCents += w;
      if (w === g) continue;
      wrongSums++;
      note(`wrong sum: ${invoiceId} × ${member}: ${g} on the topic, ${w} by the rules`);
    }
  }

  const decided = new Set<string>();
  for (const value of decisions.byId.values())
    decided.add((JSON.parse(value) as { sourceEventId: string }).sourceEventId);
  let lost = 0;
  for (const id of mustDecide) {
    if (decided.has(id)) continue;
    lost++;
    note(`lost: no decision for input ${id}`);
  }

  const dead = new Set([...letters.byId.values()].map((v) => (JSON.parse(v) as { rawValue?: string }).rawValue ?? ''));
  const deadMalformed = [...dead].filter((v) => malformed.has(v)).length;
  for (const v of malformed) if (!dead.has(v)) note(`malformed message with no dead letter: ${v.slice(0, 80)}`);

  return {
    lost,
    wrongSums,
    expectedPairs,
    expectedCents,
    purchasedCents,
    conflictingIds: purchases.conflicting + decisions.conflicting + letters.conflicting,
    identicalDuplicates: {
      purchases: purchases.identical,
      decisions: decisions.identical,
      deadLetters: letters.identical,
    },
    distinctPurchaseIds: purchases.byId.size,
    deadLettered: { malformed: deadMalformed, other: dead.size - deadMalformed },
    malformedSent: malformed.size,
    examples,
  };
}

/** The first value per eventId; repeats counted as identical (same bytes) or conflicting. */
function distinct(values: string[], note: (line: string) => void) {
  const byId = new Map<string, string>();
  let identical = 0;
  let conflicting = 0;
  for (const value of values) {
    const id = (JSON.parse(value) as { eventId: string }).eventId;
    const first = byId.get(id);
    if (first === undefined) byId.set(id, value);
    else if (first === value) identical++;
    else {
      conflicting++;
      note(`eventId ${id} with different content: ${first} / ${value}`);
    }
  }
  return { byId, identical, conflicting };
}
