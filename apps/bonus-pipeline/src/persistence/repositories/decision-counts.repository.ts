import { EntityManager } from 'typeorm';

export class DecisionCountsRepository {
  static async add(manager: EntityManager, decisions: { decision: string; reason?: string | null }[]): Promise<void> {
    if (decisions.length === 0) return;
    const counts = new Map<string, number>();
    for (const d of decisions) {
      const key = `${d.decision}\u0000${d.reason ?? ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const keys = [...counts.keys()].sort();
    await manager.query(
      `INSERT INTO bonus.decision_counts (decision, reason, count) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
       ON CONFLICT (decision, reason) DO UPDATE SET count = bonus.decision_counts.count + excluded.count`,
      [keys.map((k) => k.split('\u0000')[0]), keys.map((k) => k.split('\u0000')[1]), keys.map((k) => counts.get(k))],
    );
  }

  static async all(manager: EntityManager): Promise<{ decision: string; reason: string | null; count: number }[]> {
    const rows: { decision: string; reason: string; count: string }[] = await manager.query(`SELECT decision, reason, count FROM bonus.decision_counts ORDER BY decision, reason`);
    return rows.map((r) => ({ decision: r.decision, reason: r.reason === '' ? null : r.reason, count: Number(r.count) }));
  }
}
