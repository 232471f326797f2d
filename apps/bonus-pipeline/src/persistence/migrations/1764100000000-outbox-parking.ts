import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxDdl } from '@sa/outbox';

/** Outbox rows record failed publishes and can be parked, so one row never blocks the relay. */
export class OutboxParking1764100000000 implements MigrationInterface {
  name = 'OutboxParking1764100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of outboxDdl.parking.up('bonus')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxDdl.parking.down('bonus')) await q.query(sql);
  }
}
