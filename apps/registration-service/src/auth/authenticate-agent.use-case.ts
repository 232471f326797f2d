import { Inject, Injectable } from '@nestjs/common';
import { apiKeyMatches, keyIdOf } from './api-key';
import { API_KEY_STORE, ApiKeyStore } from './api-key-store.port';

/** Who is calling: the agent id behind a presented key, or null for a missing, malformed, unknown or wrong key. */
@Injectable()
export class AuthenticateAgentUseCase {
  constructor(@Inject(API_KEY_STORE) private readonly store: ApiKeyStore) {}

  async execute(presented: string | undefined): Promise<string | null> {
    if (!presented) return null;
    const keyId = keyIdOf(presented);
    if (!keyId) return null;
    const stored = await this.store.findActive(keyId);
    return stored && apiKeyMatches(presented, stored.sha256) ? stored.agentId : null;
  }
}
