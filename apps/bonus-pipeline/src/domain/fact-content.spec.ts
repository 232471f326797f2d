import { conflictingRepeats, consentContent, contractChangeContent } from './fact-content';

const consent = {
  customerId: 'C-1',
  effectiveAtMs: 1,
  eventType: 'ConsentGranted',
  registrationId: 'R-1',
  memberNumber: '1111111111',
  householdId: 'H-1',
};

describe('fact contents', () => {
  it('are equal for the same content and differ when any field differs (eventId is not content)', () => {
    expect(consentContent({ ...consent })).toBe(consentContent(consent));
    for (const field of Object.keys(consent) as (keyof typeof consent)[]) {
      const changed = { ...consent, [field]: field === 'effectiveAtMs' ? 2 : 'x' };
      expect(consentContent(changed)).not.toBe(consentContent(consent));
    }
    const change = { contractId: 'K-1', changedAtMs: 1, signerCustomerId: 'C-1', status: 'ACTIVE' };
    expect(contractChangeContent({ ...change, eventId: 'other' } as typeof change)).toBe(contractChangeContent(change));
    expect(contractChangeContent({ ...change, status: 'TERMINATED' })).not.toBe(contractChangeContent(change));
  });

  it('a repeat with the stored content is a redelivery; with other content it is a conflict', () => {
    const content = (e: { eventId: string; v: string }) => e.v;
    const stored = new Map([
      ['e-1', 'a'],
      ['e-2', 'b'],
    ]);
    const repeats = [
      { eventId: 'e-1', v: 'a' },
      { eventId: 'e-2', v: 'other' },
    ];
    expect(conflictingRepeats(repeats, stored, content)).toEqual([{ eventId: 'e-2', v: 'other' }]);
  });
});
