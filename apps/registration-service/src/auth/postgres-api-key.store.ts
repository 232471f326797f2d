import { DataSource } from 'typeorm';
import { ApiKeyStore, StoredApiKey } from './api-key-store.port';

/** Adapter: API keys in the service's schema (also used by the issue-api-key CLI, outside Nest). */
export class PostgresApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  async findActive(keyId: string): Promise<StoredApiKey | null> {
    const rows: Array<{ agent_id: string; key_sha256: Buffer }> = await this.dataSource.query(
      `SELECT agent_id, key_sha256 FROM "${this.schema}".api_keys WHERE key_id = $1 AND revoked_at IS NULL`,
      [keyId],
    );
    return rows.length === 0 ? null : { keyId, agentId: rows[0].agent_id, sha256: rows[0].key_sha256 };
  }

  async insert(key: StoredApiKey): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "${this.schema}".api_keys (key_id, agent_id, key_sha256) VALUES ($1, $2, $3)`,
      [key.keyId, key.agentId, key.sha256],
    );
  }
}
