import { bearerToken, decideOpsAccess, newOpsCredential, parseOpsCredentials } from './ops-credentials';

describe('ops credentials', () => {
  const viewer = newOpsCredential('prometheus', 'viewer');
  const operator = newOpsCredential('ops-anna', 'operator');
  const credentials = parseOpsCredentials([viewer.entry, operator.entry]);

  it('lets an operator do what a viewer may, naming the operator', () => {
    expect(decideOpsAccess(credentials, operator.token, 'viewer')).toEqual({
      kind: 'allowed',
      operator: 'ops-anna',
      role: 'operator',
    });
  });

  it('forbids a viewer an operator action, saying which role is needed', () => {
    expect(decideOpsAccess(credentials, viewer.token, 'operator')).toEqual({
      kind: 'forbidden',
      operator: 'prometheus',
      role: 'viewer',
      required: 'operator',
    });
  });

  it('does not know a missing, unknown or oversized token', () => {
    expect(decideOpsAccess(credentials, null, 'viewer').kind).toBe('unauthenticated');
    expect(decideOpsAccess(credentials, 'ops_guess', 'viewer').kind).toBe('unauthenticated');
    expect(decideOpsAccess(credentials, 'x'.repeat(10_000), 'viewer').kind).toBe('unauthenticated');
    expect(decideOpsAccess([], operator.token, 'viewer').kind).toBe('unauthenticated');
  });

  it('refuses an entry that is not name:role:sha256, without echoing all of it', () => {
    expect(() => parseOpsCredentials(['anna:admin:' + 'a'.repeat(64)])).toThrow(/name:role:sha256/);
    expect(() => parseOpsCredentials(['anna:viewer:plaintext-token'])).toThrow(/name:role:sha256/);
  });

  it('reads only a bearer authorization header', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken(['Bearer a', 'Bearer b'])).toBeNull();
  });
});
