import { EntityManager } from 'typeorm';
import { DeadLetterEvent } from '@sa/contracts';

export class DeadLettersRepository {
  /** Registers dead letters by source position; returns only those not sent before (a replayed batch sends none twice). */
  static async registerNew(manager: EntityManager, letters: DeadLetterEvent[]): Promise<DeadLetterEvent[]> {
    if (letters.length === 0) return [];
    const rows: { source_topic: string; source_partition: number; source_offset: string }[] = await manager.query(
      `INSERT INTO bonus.dead_letters (source_topic, source_partition, source_offset, error_code)
       SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[]) ON CONFLICT DO NOTHING RETURNING source_topic, source_partition, source_offset`,
      [letters.map((l) => l.sourceTopic), letters.map((l) => l.sourcePartition), letters.map((l) => l.sourceOffset), letters.map((l) => l.errorCode)],
    );
    const fresh = new Set(rows.map((r) => `${r.source_topic}/${r.source_partition}/${r.source_offset}`));
    return letters.filter((l) => fresh.has(`${l.sourceTopic}/${l.sourcePartition}/${l.sourceOffset}`));
  }

  static async count(manager: EntityManager): Promise<number> {
    const [{ n }] = await manager.query(`SELECT count(*) AS n FROM bonus.dead_letters`);
    return Number(n);
  }
}
