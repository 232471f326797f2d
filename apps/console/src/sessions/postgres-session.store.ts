import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONSOLE_CONFIG, ConsoleConfig } from '../config/console.config';
import { DATA_SOURCE } from '../infrastructure/database.providers';
import { StoredSession } from './session';
import { SessionStore } from './session-store.port';

interface SessionRow {
  id_hash: Buffer;
  principal_kind: 'agent' | 'ops';
  agent_id: string | null;
  sealed_credential: Buffer;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
}

/** Adapter: sessions in the console's schema, so a restart or a second instance keeps everyone signed in. */
@Injectable()
export class PostgresSessionStore implements SessionStore {
  private readonly table: string;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONSOLE_CONFIG) c: ConsoleConfig,
  ) {
    this.table = `"${c.database.schema}".sessions`;
  }

  async create(s: StoredSession): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${this.table}
         (id_hash, principal_kind, agent_id, sealed_credential, csrf_token, created_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        s.idHash,
        s.principal.kind,
        s.principal.kind === 'agent' ? s.principal.agentId : null,
        s.sealedCredential,
        s.csrfToken,
        s.createdAt,
        s.lastSeenAt,
      ],
    );
  }

  async find(idHash: Buffer): Promise<StoredSession | null> {
    const [row]: SessionRow[] = await this.dataSource.query(`SELECT * FROM ${this.table} WHERE id_hash = $1`, [idHash]);
    if (!row) return null;
    return {
      idHash: row.id_hash,
      principal: row.principal_kind === 'agent' ? { kind: 'agent', agentId: row.agent_id! } : { kind: 'ops' },
      sealedCredential: row.sealed_credential,
      csrfToken: row.csrf_token,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
    };
  }

  async touch(idHash: Buffer, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE ${this.table} SET last_seen_at = $2 WHERE id_hash = $1`, [idHash, at]);
  }

  async delete(idHash: Buffer): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${this.table} WHERE id_hash = $1`, [idHash]);
  }

  async deleteExpired(idleBefore: Date, createdBefore: Date): Promise<number> {
    const [row]: Array<{ n: number }> = await this.dataSource.query(
      `WITH gone AS (DELETE FROM ${this.table} WHERE last_seen_at <= $1 OR created_at <= $2 RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [idleBefore, createdBefore],
    );
    return row.n;
  }
}
