import { checkChaosOutputs } from './chaos-check';

const purchase = (eventId: string, amountCents: number, memberNumber = '1234567890') =>
  JSON.stringify({ eventId, invoiceId: 'INV-1', memberNumber, amountCents });
const decision = (eventId: string, sourceEventId: string) => JSON.stringify({ eventId, sourceEventId });
const expected = new Map([['INV-1', new Map([['1234567890', 4000]])]]);

describe('checkChaosOutputs', () => {
  it('sums per (invoice, member) over distinct eventIds: an identical repeat is counted once and reported', () => {
    const v = checkChaosOutputs(
      { purchases: [purchase('p1', 4990), purchase('p2', -990), purchase('p2', -990)], decisions: [], deadLetters: [] },
      expected,
      new Set(),
      new Set(),
    );
    expect(v).toMatchObject({ wrongSums: 0, conflictingIds: 0, expectedPairs: 1, distinctPurchaseIds: 2 });
    expect(v.identicalDuplicates.purchases).toBe(1);
  });

  it('finds a wrong sum, money for another member, an id with two contents and a lost input', () => {
    const v = checkChaosOutputs(
      {
        purchases: [purchase('p1', 4000), purchase('p1', 4100), purchase('p3', 10, '9999999999')],
        decisions: [decision('d1', 'e-1')],
        deadLetters: [],
      },
      expected,
      new Set(['e-1', 'e-2']),
      new Set(),
    );
    expect(v).toMatchObject({ wrongSums: 1, conflictingIds: 1, lost: 1 });
  });

  it('matches dead letters to the malformed messages by their raw value', () => {
    const letter = (eventId: string, rawValue: string) => JSON.stringify({ eventId, rawValue });
    const v = checkChaosOutputs(
      { purchases: [], decisions: [], deadLetters: [letter('l1', '{bad'), letter('l2', '{bad'), letter('l3', 'x')] },
      new Map(),
      new Set(),
      new Set(['{bad', 'missing']),
    );
    expect(v.deadLettered).toEqual({ malformed: 1, other: 1 });
    expect(v.malformedSent).toBe(2);
  });
});
