import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PipelineSummary, SummaryReader } from './summary-reader.port';

/** Adapter: the totals from the ledger, the decision counts, the dead letters and the outbox. */
@Injectable()
export class PostgresSummaryReader implements SummaryReader {
  constructor(private readonly dataSource: DataSource) {}

  async read(): Promise<PipelineSummary> {
    const manager = this.dataSource.manager;
    // The ledger keeps a fully reversed (invoice, member) with net 0 (its event count names the next purchase).
    const households: { household_id: string; invoices: string; net: string }[] = await manager.query(
      `SELECT household_id, count(DISTINCT invoice_id) AS invoices, sum(net_amount_cents) AS net
       FROM bonus.ledger WHERE net_amount_cents <> 0 GROUP BY household_id ORDER BY household_id`,
    );
    const [{ n }] = await manager.query(`SELECT count(*) AS n FROM bonus.outbox`);
    const decisions: { decision: string; reason: string; count: string }[] = await manager.query(
      `SELECT decision, reason, count FROM bonus.decision_counts ORDER BY decision, reason`,
    );
    const [{ n: deadLetters }] = await manager.query(`SELECT count(*) AS n FROM bonus.dead_letters`);
    return {
      bonusPurchasesByHousehold: households.map((h) => ({
        householdId: h.household_id,
        invoices: Number(h.invoices),
        netAmountCents: Number(h.net),
      })),
      decisions: decisions.map((r) => ({
        decision: r.decision,
        reason: r.reason === '' ? null : r.reason,
        count: Number(r.count),
      })),
      deadLetters: Number(deadLetters),
      outboxPending: Number(n),
    };
  }
}
