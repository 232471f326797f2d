import { EntityManager } from 'typeorm';

/**
 * Customer and contract rows exist only to be locked: invoice batches share-lock their payers and
 * contracts; consent and contract batches lock them for update. Sorted order avoids deadlocks.
 */
export class SubjectsRepository {
  static async lockCustomers(manager: EntityManager, customerIds: string[], mode: 'SHARE' | 'UPDATE'): Promise<void> {
    await SubjectsRepository.lock(manager, 'customers', 'customer_id', customerIds, mode);
  }

  static async lockContracts(manager: EntityManager, contractIds: string[], mode: 'SHARE' | 'UPDATE'): Promise<void> {
    await SubjectsRepository.lock(manager, 'contracts', 'contract_id', contractIds, mode);
  }

  private static async lock(manager: EntityManager, table: string, column: string, ids: string[], mode: 'SHARE' | 'UPDATE'): Promise<void> {
    if (ids.length === 0) return;
    const sorted = [...new Set(ids)].sort();
    // One round trip: rows new to the table are ours (inserted, hence locked); the others are locked here.
    await manager.query(
      `WITH ins AS (INSERT INTO bonus.${table} (${column}) SELECT id FROM unnest($1::text[]) AS t(id) ORDER BY id ON CONFLICT DO NOTHING RETURNING 1)
       SELECT (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM (SELECT 1 FROM bonus.${table} WHERE ${column} = ANY($1::text[]) ORDER BY ${column} FOR ${mode}) l) AS locked`,
      [sorted],
    );
  }
}
