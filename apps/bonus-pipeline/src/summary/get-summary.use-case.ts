import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeadLettersRepository } from '../persistence/repositories/dead-letters.repository';
import { DecisionCountsRepository } from '../persistence/repositories/decision-counts.repository';

export interface PipelineSummary {
  bonusPurchasesByHousehold: { householdId: string; invoices: number; netAmountCents: number }[];
  decisions: { decision: string; reason: string | null; count: number }[];
  deadLetters: number;
  /** Committed messages not yet published. */
  outboxPending: number;
}

/** Read-only totals for operators and the demo run; sums are what was sent (the ledger). */
@Injectable()
export class GetSummaryUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(): Promise<PipelineSummary> {
    const manager = this.dataSource.manager;
    const households: { household_id: string; invoices: string; net: string }[] = await manager.query(
      `SELECT household_id, count(DISTINCT invoice_id) AS invoices, sum(net_amount_cents) AS net FROM bonus.ledger GROUP BY household_id ORDER BY household_id`,
    );
    const [{ n }] = await manager.query(`SELECT count(*) AS n FROM bonus.outbox`);
    return {
      bonusPurchasesByHousehold: households.map((h) => ({ householdId: h.household_id, invoices: Number(h.invoices), netAmountCents: Number(h.net) })),
      decisions: await DecisionCountsRepository.all(manager),
      deadLetters: await DeadLettersRepository.count(manager),
      outboxPending: Number(n),
    };
  }
}
