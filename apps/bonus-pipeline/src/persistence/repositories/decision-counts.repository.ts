import { EntityManager } from 'typeorm';

export class DecisionCountsRepository {
  /** Decisions per (decision, reason), in key order (concurrent batches update the rows in one order). */
  static tally(decisions: { decision: string; reason?: string | null }[]): { decision: string; reason: string; count: number }[] {
    const counts = new Map<string, { decision: string; reason: string; count: number }>();
    for (const d of decisions) {
      const reason = d.reason ?? '';
      const key = `${d.decision}\u0000${reason}`;
      const row = counts.get(key) ?? { decision: d.decision, reason, count: 0 };
      row.count++;
      counts.set(key, row);
    }
    return [...counts.keys()].sort().map((k) => counts.get(k)!);
  }

  /** Adds tallied counts from one JSON parameter; the final part of the invoice batch's last statement. */
  static addFromJson(param: string): string {
    return `INSERT INTO bonus.decision_counts (decision, reason, count)
       SELECT d.decision, d.reason, d.count FROM json_to_recordset(${param}::json) AS d(decision text, reason text, count bigint)
       ON CONFLICT (decision, reason) DO UPDATE SET count = bonus.decision_counts.count + excluded.count`;
  }

  static async all(manager: EntityManager): Promise<{ decision: string; reason: string | null; count: number }[]> {
    const rows: { decision: string; reason: string; count: string }[] = await manager.query(`SELECT decision, reason, count FROM bonus.decision_counts ORDER BY decision, reason`);
    return rows.map((r) => ({ decision: r.decision, reason: r.reason === '' ? null : r.reason, count: Number(r.count) }));
  }
}
