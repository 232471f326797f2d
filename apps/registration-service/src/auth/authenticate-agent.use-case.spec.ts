import { apiKeyMatches, generateApiKey, hashApiKey, keyIdOf } from './api-key';
import { ApiKeyStore, StoredApiKey } from './api-key-store.port';
import { presentedKey } from './api-key.guard';
import { AuthenticateAgentUseCase } from './authenticate-agent.use-case';
import { IssueApiKeyUseCase } from './issue-api-key.use-case';

class FakeApiKeyStore implements ApiKeyStore {
  keys: StoredApiKey[] = [];
  lookups = 0;
  async findActive(keyId: string) {
    this.lookups++;
    return this.keys.find((k) => k.keyId === keyId) ?? null;
  }
  async insert(key: StoredApiKey) {
    this.keys.push(key);
  }
}

describe('API keys', () => {
  it('issues a high-entropy key whose plain text is never stored', async () => {
    const store = new FakeApiKeyStore();
    const outcome = await new IssueApiKeyUseCase(store).execute('agent-17');
    if (outcome.kind !== 'issued') throw new Error('not issued');
    expect(outcome.key).toMatch(/^sak_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(store.keys)).not.toContain(outcome.key.slice(17));
    expect(store.keys[0].sha256.equals(hashApiKey(outcome.key))).toBe(true);
    expect(await new IssueApiKeyUseCase(store).execute('agent 17; drop')).toEqual({ kind: 'invalid-agent-id' });
  });

  it('authenticates the right key only', async () => {
    const store = new FakeApiKeyStore();
    const issued = await new IssueApiKeyUseCase(store).execute('agent-17');
    if (issued.kind !== 'issued') throw new Error('not issued');
    const auth = new AuthenticateAgentUseCase(store);
    expect(await auth.execute(issued.key)).toBe('agent-17');
    expect(await auth.execute(`${issued.key.slice(0, -1)}${issued.key.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(await auth.execute(generateApiKey().key)).toBeNull();
    expect(await auth.execute(undefined)).toBeNull();
    store.lookups = 0;
    expect(await auth.execute('not-a-key')).toBeNull();
    expect(store.lookups).toBe(0);
  });

  it('compares hashes of equal length only', () => {
    const { key, sha256 } = generateApiKey();
    expect(apiKeyMatches(key, sha256)).toBe(true);
    expect(apiKeyMatches(key, sha256.subarray(1))).toBe(false);
    expect(keyIdOf(key)).toBe(key.slice(4, 16));
  });

  it('reads the key from Authorization: Bearer or X-Api-Key', () => {
    expect(presentedKey({ authorization: 'Bearer abc' })).toBe('abc');
    expect(presentedKey({ authorization: 'bearer   abc ' })).toBe('abc');
    expect(presentedKey({ authorization: 'Basic abc' })).toBeUndefined();
    expect(presentedKey({ 'x-api-key': 'abc' })).toBe('abc');
    expect(presentedKey({})).toBeUndefined();
  });
});
