import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { REGISTRATION_CONFIG, RegistrationConfig } from '../config/registration.config';
import { DATA_SOURCE } from '../infrastructure/database.providers';
import { ContractState, CustomerContracts } from './customer-contracts.port';

/** Adapter: a customer's contracts from `contract_versions` (the same rows R8 is answered from). */
@Injectable()
export class PostgresCustomerContractsReader implements CustomerContracts {
  private readonly schema: string;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REGISTRATION_CONFIG) config: RegistrationConfig,
  ) {
    this.schema = config.database.schema;
  }

  contractsOf(customerId: string, at: Date): Promise<ContractState[]> {
    // The state at `at` of each contract that ever named the customer as signer: its last change at or
    // before `at` by changed_at, not by arrival (a late older change never overrides a newer one).
    return this.dataSource.query(
      `SELECT DISTINCT ON (v.contract_id)
              v.contract_id AS "contractId", v.status, v.signer_customer_id AS "signerCustomerId",
              v.changed_at AS "changedAt"
         FROM "${this.schema}".contract_versions v
        WHERE v.contract_id IN (
                SELECT contract_id FROM "${this.schema}".contract_versions WHERE signer_customer_id = $1
              )
          AND v.changed_at <= $2
        ORDER BY v.contract_id, v.changed_at DESC`,
      [customerId, at],
    );
  }
}
