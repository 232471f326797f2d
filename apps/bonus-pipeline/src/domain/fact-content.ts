/** A consent's content as one comparable string (eventId excluded; the instant as epoch ms). */
export function consentContent(c: {
  customerId: string;
  effectiveAtMs: number;
  eventType: string;
  registrationId: string;
  memberNumber: string;
  householdId: string;
}): string {
  return JSON.stringify([c.customerId, c.effectiveAtMs, c.eventType, c.registrationId, c.memberNumber, c.householdId]);
}

/** A contract change's content as one comparable string (eventId excluded; the instant as epoch ms). */
export function contractChangeContent(c: {
  contractId: string;
  changedAtMs: number;
  signerCustomerId: string;
  status: string;
}): string {
  return JSON.stringify([c.contractId, c.changedAtMs, c.signerCustomerId, c.status]);
}

/**
 * Facts whose eventId was stored before: a plain redelivery when the stored content is the same,
 * a conflict (the first version stands) when it differs. Returns the conflicting ones.
 */
export function conflictingRepeats<E extends { eventId: string }>(
  repeats: readonly E[],
  storedContent: ReadonlyMap<string, string>,
  content: (fact: E) => string,
): E[] {
  return repeats.filter((e) => storedContent.get(e.eventId) !== content(e));
}
