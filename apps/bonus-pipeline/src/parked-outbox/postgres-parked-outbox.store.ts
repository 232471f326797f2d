import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { listParkedOutboxRows, OutboxRelayControl, ParkedOutboxRow, republishParkedOutboxRows } from '@sa/outbox';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { OUTBOX_RELAY } from '../outbox/outbox-relay.token';
import { ParkedOutbox } from './parked-outbox.port';

/** Adapter: libs/outbox's parked-row functions (the ones tools/ops/outbox-cli.ts uses) on the pipeline's schema. */
@Injectable()
export class PostgresParkedOutbox implements ParkedOutbox {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelayControl,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: BonusPipelineConfig,
  ) {}

  private readonly query = <Row>(sql: string, params?: unknown[]): Promise<Row[]> => this.dataSource.query(sql, params);

  list(limit: number): Promise<ParkedOutboxRow[]> {
    return listParkedOutboxRows(this.query, this.config.database.schema, limit);
  }

  async republish(ids: string[] | undefined, audit: { by: string; at: Date }): Promise<number> {
    const moved = await this.dataSource.transaction(async (m) => {
      const query = <Row>(sql: string, params?: unknown[]): Promise<Row[]> => m.query(sql, params);
      const count = await republishParkedOutboxRows(query, this.config.database.schema, ids);
      // The audit row commits with the move: a republish is never left unaudited.
      await m.query(
        `INSERT INTO bonus.outbox_republishes (operator, republished_at, requested_ids, moved) VALUES ($1, $2, $3, $4)`,
        [audit.by, audit.at, ids ?? null, count],
      );
      return count;
    });
    this.relay.nudge(); // back in line now, not at the relay's next idle poll
    return moved;
  }
}
