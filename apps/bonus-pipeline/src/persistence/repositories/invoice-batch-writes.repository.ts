import { EntityManager } from 'typeorm';
import { InvoiceDecisionEvent } from '@sa/contracts';
import { OutboxMessage, outboxInsertFromJson } from '@sa/persistence';
import { LedgerEntry } from '../../domain/bonus-facts';
import { DecisionCountsRepository } from './decision-counts.repository';
import { LedgerRepository } from './ledger.repository';

/**
 * An invoice batch's last writes in one round trip (three data-modifying CTEs): the new ledger
 * holdings, the outgoing events and the decision counts. Each round trip saved shortens every
 * batch and with it the time an invoice waits for the batch before it.
 */
export class InvoiceBatchWritesRepository {
  static async write(
    manager: EntityManager,
    schema: string,
    writes: { ledger: (LedgerEntry & { invoiceId: string })[]; outbox: OutboxMessage[]; decisions: InvoiceDecisionEvent[] },
  ): Promise<void> {
    if (writes.ledger.length === 0 && writes.outbox.length === 0 && writes.decisions.length === 0) return;
    await manager.query(
      `WITH ledger AS (${LedgerRepository.insertFromJson('$1')}),
            outbox AS (${outboxInsertFromJson(schema, '$2')})
       ${DecisionCountsRepository.addFromJson('$3')}`,
      [JSON.stringify(writes.ledger), JSON.stringify(writes.outbox), JSON.stringify(DecisionCountsRepository.tally(writes.decisions))],
    );
  }
}
