import { EntityManager } from 'typeorm';

export class ProcessedInputsRepository {
  /**
   * Claims input eventIds inside the batch's transaction; returns those not claimed before. A
   * concurrent claim of the same id waits for the other transaction, so an input counts once.
   */
  static async claim(manager: EntityManager, eventIds: string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows: { event_id: string }[] = await manager.query(
      `INSERT INTO bonus.processed_inputs (event_id) SELECT id FROM unnest($1::text[]) AS t(id) ORDER BY id ON CONFLICT DO NOTHING RETURNING event_id`,
      [[...new Set(eventIds)]],
    );
    return new Set(rows.map((r) => r.event_id));
  }
}
