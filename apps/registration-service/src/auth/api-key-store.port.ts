export interface StoredApiKey {
  keyId: string;
  agentId: string;
  sha256: Buffer;
}

/** Port: per-agent API keys, stored hashed. */
export interface ApiKeyStore {
  findActive(keyId: string): Promise<StoredApiKey | null>;
  insert(key: StoredApiKey): Promise<void>;
}

export const API_KEY_STORE = Symbol('API_KEY_STORE');
