import { generateApiKey } from './api-key';
import { ApiKeyStore } from './api-key-store.port';

export const AGENT_ID_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

export type IssueApiKeyOutcome =
  { kind: 'issued'; agentId: string; keyId: string; key: string } | { kind: 'invalid-agent-id' };

/** Issues a new key for an agent; the plain key is returned once and only its hash is stored. */
export class IssueApiKeyUseCase {
  constructor(private readonly store: ApiKeyStore) {}

  async execute(agentId: string): Promise<IssueApiKeyOutcome> {
    if (!AGENT_ID_PATTERN.test(agentId)) return { kind: 'invalid-agent-id' };
    const { keyId, key, sha256 } = generateApiKey();
    await this.store.insert({ keyId, agentId, sha256 });
    return { kind: 'issued', agentId, keyId, key };
  }
}
