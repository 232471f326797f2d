import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { REGISTRATION_CONFIG, RegistrationConfig } from '../config/registration.config';
import { DATA_SOURCE } from '../infrastructure/database.providers';
import { AuditEntry, AuditTrail } from './audit-trail.port';

@Injectable()
export class PostgresAuditTrail implements AuditTrail {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REGISTRATION_CONFIG) private readonly config: RegistrationConfig,
  ) {}

  async record(e: AuditEntry): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "${this.config.database.schema}".audit_log
         (at, agent_id, action, customer_id, channel, member_number_masked, http_status, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [e.at, e.agentId, e.action, e.customerId, e.channel, e.memberNumberMasked, e.httpStatus, e.outcome],
    );
  }
}
