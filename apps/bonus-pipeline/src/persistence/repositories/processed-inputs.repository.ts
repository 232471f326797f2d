import { EntityManager } from 'typeorm';

export class ProcessedInputsRepository {
  /**
   * Claims input eventIds inside the batch's transaction; returns those not claimed before. A
   * concurrent claim of the same id waits for the other transaction, so an input counts once.
   * Only the ids claimed earlier come back from the database (usually none), not one row per input.
   */
  static async claim(manager: EntityManager, eventIds: string[]): Promise<Set<string>> {
    const unique = [...new Set(eventIds)];
    if (unique.length === 0) return new Set();
    const rows: { event_id: string }[] = await manager.query(
      `WITH input AS (SELECT id FROM json_array_elements_text($1::json) AS t(id)),
            claimed AS (INSERT INTO bonus.processed_inputs (event_id) SELECT id FROM input ORDER BY id ON CONFLICT DO NOTHING RETURNING event_id)
       SELECT id AS event_id FROM input WHERE id NOT IN (SELECT event_id FROM claimed)`,
      [JSON.stringify(unique)],
    );
    const claimedBefore = new Set(rows.map((r) => r.event_id));
    return new Set(unique.filter((id) => !claimedBefore.has(id)));
  }
}
