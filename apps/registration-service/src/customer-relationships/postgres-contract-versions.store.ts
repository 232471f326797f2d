import { Inject, Injectable } from '@nestjs/common';
import { CrmContractEvent, DeadLetterEvent, topicMessage } from '@sa/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { REGISTRATION_CONFIG, RegistrationConfig } from '../config/registration.config';
import { DATA_SOURCE } from '../infrastructure/database.providers';
import { ContractChangeResult, ContractChangeTransaction, ContractVersionStore } from './contract-version-store.port';
import { CustomerRelationships } from './customer-relationships.port';
import { appendToOutbox, outboxMessageFor } from '@sa/outbox';

/** Adapter: contract versions in PostgreSQL; answers R8 from them. */
@Injectable()
export class PostgresContractVersionsStore implements ContractVersionStore, CustomerRelationships {
  private readonly schema: string;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REGISTRATION_CONFIG) private readonly config: RegistrationConfig,
  ) {
    this.schema = config.database.schema;
  }

  inTransaction<T>(work: (tx: ContractChangeTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) =>
      work({
        record: (change) => this.record(manager, change),
        // Same transaction as the versions: the batch's offsets are committed only after both are stored.
        deadLetter: (letter: DeadLetterEvent) =>
          appendToOutbox(manager, this.schema, [
            outboxMessageFor(this.config.topics, topicMessage('deadLetters', letter.sourceKey, letter)),
          ]),
      }),
    );
  }

  async hasActiveContract(customerId: string, at: Date): Promise<boolean> {
    // A contract's state at `at` is its last change at or before `at`; the signer may have changed since.
    const [row] = await this.dataSource.query(
      `SELECT EXISTS (
         SELECT 1 FROM (
           SELECT DISTINCT ON (v.contract_id) v.signer_customer_id, v.status
             FROM "${this.schema}".contract_versions v
            WHERE v.contract_id IN (
                    SELECT contract_id FROM "${this.schema}".contract_versions WHERE signer_customer_id = $1
                  )
              AND v.changed_at <= $2
            ORDER BY v.contract_id, v.changed_at DESC
         ) current_state
         WHERE current_state.signer_customer_id = $1 AND current_state.status = 'ACTIVE'
       ) AS "active"`,
      [customerId, at],
    );
    return row.active === true;
  }

  private async record(manager: EntityManager, c: CrmContractEvent): Promise<ContractChangeResult> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO "${this.schema}".contract_versions (contract_id, changed_at, signer_customer_id, status, event_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING contract_id`,
      [c.contractId, c.changedAt, c.signerCustomerId, c.status, c.eventId],
    );
    if (inserted.length === 1) return 'recorded';
    // Compared in SQL: timestamptz keeps microseconds that a JavaScript Date would drop.
    const [row] = await manager.query(
      `SELECT bool_and(
                contract_id = $2 AND changed_at = $3::timestamptz AND signer_customer_id = $4 AND status = $5
              ) AS same
         FROM "${this.schema}".contract_versions
        WHERE event_id = $1 OR (contract_id = $2 AND changed_at = $3::timestamptz)`,
      [c.eventId, c.contractId, c.changedAt, c.signerCustomerId, c.status],
    );
    return row.same === true ? 'duplicate' : 'conflict';
  }
}
