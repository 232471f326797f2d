import { refusalKey, refusalOf } from './refusal';

const refused = (
  status: number,
  code: string | null,
  fields: Array<{ field: string; rule: string; message: string }> = [],
) => ({ kind: 'refused', status, code, message: 'm', fields }) as const;

describe('refusalOf: the registration API refusal codes, in words an agent can say', () => {
  it.each([
    'NO_CUSTOMER_RELATIONSHIP',
    'NOT_OWNER_CUSTOMER',
    'MEMBER_NUMBER_UNKNOWN',
    'CONSENT_REQUIRED',
    'NO_ACTIVE_REGISTRATION',
  ])('names %s by its code', (code) => {
    expect(refusalOf(refused(422, code))).toEqual({ reason: code });
    expect(refusalKey(refusalOf(refused(422, code)))).toBe(`refusal${code}`);
  });

  it("tells S-Group's register being down apart from the service being down", () => {
    expect(refusalOf(refused(503, 'OWNER_CUSTOMER_REGISTER_UNAVAILABLE'))).toEqual({
      reason: 'OWNER_CUSTOMER_REGISTER_UNAVAILABLE',
    });
    expect(refusalOf(refused(503, 'DEPENDENCY_UNAVAILABLE'))).toEqual({ reason: 'UNAVAILABLE' });
    expect(refusalOf({ kind: 'unreachable', reason: 'ECONNREFUSED' })).toEqual({ reason: 'UNAVAILABLE' });
  });

  it("shows the API's own words for each field at fault", () => {
    const fault = { field: 'memberNumber', rule: 'matches', message: 'memberNumber must be the 10-digit …' };
    expect(refusalOf(refused(400, null, [fault]))).toEqual({
      reason: 'INVALID',
      fields: [{ field: 'memberNumber', message: fault.message }],
    });
  });

  it('asks the agent to sign in again when the key is no longer accepted', () => {
    expect(refusalOf({ kind: 'unauthorized' })).toEqual({ reason: 'KEY_REFUSED' });
  });
});
