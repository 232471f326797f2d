import { Inject, Injectable } from '@nestjs/common';
import { ConsentEvent, RegistrationChannel, topicMessage } from '@sa/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { REGISTRATION_CONFIG, RegistrationConfig } from '../config/registration.config';
import { DATA_SOURCE } from '../infrastructure/database.providers';
import { OutboxRelayLifecycle } from '../infrastructure/outbox-relay.lifecycle';
import { ConsentHistoryEntry, Registration } from './registration';
import { CustomerLockOptions, CustomerTransaction, RegistrationStore } from './registration-store.port';
import { outboxInsertSql, outboxMessageFor } from '@sa/outbox';
import { queryWith } from '@sa/persistence';
import { RegistrationMetrics } from '../metrics/registration-metrics';

interface RegistrationRow {
  registration_id: string;
  customer_id: string;
  member_number: string;
  household_id: string;
  channel: RegistrationChannel;
  recorded_by: string;
  granted_at: Date;
}

/** Adapter: registrations, consent events and their outbox rows in the service's own schema. */
@Injectable()
export class PostgresRegistrationStore implements RegistrationStore {
  private readonly schema: string;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REGISTRATION_CONFIG) private readonly config: RegistrationConfig,
    private readonly outbox: OutboxRelayLifecycle,
    private readonly metrics: RegistrationMetrics,
  ) {
    this.schema = config.database.schema;
  }

  findActive(customerId: string): Promise<Registration | null> {
    return this.active(this.dataSource.manager, customerId);
  }

  async history(customerId: string): Promise<ConsentHistoryEntry[]> {
    const rows: Array<Omit<ConsentHistoryEntry, 'eventId'> & { eventId: string }> = await this.dataSource.query(
      `SELECT event_id AS "eventId", event_type AS "eventType", registration_id AS "registrationId",
              member_number AS "memberNumber",
              household_id AS "householdId", effective_at AS "effectiveAt", channel, recorded_by AS "recordedBy"
         FROM "${this.schema}".consent_events WHERE customer_id = $1 ORDER BY seq`,
      [customerId],
    );
    return rows;
  }

  async inCustomerTransaction<T>(
    customerId: string,
    work: (tx: CustomerTransaction) => Promise<T>,
    { createCustomer }: CustomerLockOptions = { createCustomer: true },
  ): Promise<T> {
    const events = { granted: 0, revoked: 0 };
    const result = await this.dataSource.transaction(async (manager) => {
      // The customer's row lock is taken before any outbox row is written: per customer, commit order is outbox order.
      if (createCustomer) {
        await manager.query(`INSERT INTO "${this.schema}".customers (customer_id) VALUES ($1) ON CONFLICT DO NOTHING`, [
          customerId,
        ]);
      }
      const locked: unknown[] = await manager.query(
        `SELECT 1 FROM "${this.schema}".customers WHERE customer_id = $1 FOR UPDATE`,
        [customerId],
      );
      // No customer row, no registration: registrations reference it.
      const known = locked.length > 0;
      return work({
        findActive: () => (known ? this.active(manager, customerId) : Promise.resolve(null)),
        recordGrant: (r, event) => {
          events.granted++;
          return this.changeWithEvent(
            manager,
            `INSERT INTO "${this.schema}".registrations
               (registration_id, customer_id, member_number, household_id, channel, recorded_by, granted_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [r.registrationId, r.customerId, r.memberNumber, r.householdId, r.channel, r.recordedBy, r.effectiveAt],
            event,
          );
        },
        recordRevocation: (r, revokedAt, event) => {
          events.revoked++;
          return this.changeWithEvent(
            manager,
            `UPDATE "${this.schema}".registrations SET revoked_at = $2
              WHERE registration_id = $1 AND revoked_at IS NULL`,
            [r.registrationId, revokedAt],
            event,
          );
        },
      });
    });
    this.outbox.nudge();
    // Counted once committed: a rolled-back change announced nothing.
    this.metrics.consentsCommitted(events.granted, events.revoked);
    return result;
  }

  /**
   * One statement: the registration change (written with its own $1, $2, ...), its consent event
   * and the event's outbox row, whose parameters follow the change's. Same transaction as the
   * change: the event goes out if and only if the change commits; one round trip instead of three.
   */
  private async changeWithEvent(
    manager: EntityManager,
    changeSql: string,
    changeParams: unknown[],
    event: ConsentEvent,
  ): Promise<void> {
    const payload = JSON.stringify(event);
    const eventParams = [
      event.eventId,
      event.eventType,
      event.registrationId,
      event.customerId,
      event.memberNumber,
      event.householdId,
      event.effectiveAt,
      event.channel,
      event.recordedBy,
      payload,
    ];
    const message = outboxMessageFor(this.config.topics, topicMessage('consents', event.customerId, event));
    await queryWith(manager, (p) => {
      changeParams.forEach((value) => p.add(value)); // the change's own $1, $2, ... come first
      const values = eventParams.map((value) => p.add(value)).join(', ');
      return `WITH change AS (${changeSql}),
            event AS (
              INSERT INTO "${this.schema}".consent_events
                (event_id, event_type, registration_id, customer_id, member_number, household_id, effective_at,
                 channel, recorded_by, payload)
              VALUES (${values}))
       ${outboxInsertSql(this.schema, p, [message])}`;
    });
  }

  private async active(manager: EntityManager, customerId: string): Promise<Registration | null> {
    const rows: RegistrationRow[] = await manager.query(
      `SELECT registration_id, customer_id, member_number, household_id, channel, recorded_by, granted_at
         FROM "${this.schema}".registrations WHERE customer_id = $1 AND revoked_at IS NULL`,
      [customerId],
    );
    if (rows.length === 0) return null;
    const r = rows[0];
    return {
      registrationId: r.registration_id,
      customerId: r.customer_id,
      memberNumber: r.member_number,
      householdId: r.household_id,
      channel: r.channel,
      recordedBy: r.recorded_by,
      effectiveAt: r.granted_at,
    };
  }
}
