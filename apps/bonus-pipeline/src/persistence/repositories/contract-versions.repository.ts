import { EntityManager } from 'typeorm';
import { CrmContractEvent } from '@sa/contracts';
import { ContractVersion } from '../../domain/bonus-facts';
import { groupBy } from '../group-by';

/** A contract change's content as one comparable string (eventId excluded; the instant as epoch ms). */
export function contractChangeContent(c: { contractId: string; changedAtMs: number; signerCustomerId: string; status: string }): string {
  return JSON.stringify([c.contractId, c.changedAtMs, c.signerCustomerId, c.status]);
}

export class ContractVersionsRepository {
  /** Records changes not seen before (by eventId); returns the eventIds recorded now. */
  static async recordNew(manager: EntityManager, events: CrmContractEvent[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows: { event_id: string }[] = await manager.query(
      `INSERT INTO bonus.contract_versions (event_id, contract_id, changed_at, signer_customer_id, status)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[]) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [events.map((e) => e.eventId), events.map((e) => e.contractId), events.map((e) => e.changedAt), events.map((e) => e.signerCustomerId), events.map((e) => e.status)],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  /** The stored content of these eventIds, as `contractChangeContent` gives it. */
  static async storedContent(manager: EntityManager, eventIds: string[]): Promise<Map<string, string>> {
    const versions = await ContractVersionsRepository.select(manager, 'event_id', eventIds);
    return new Map(versions.map((v) => [v.eventId, contractChangeContent(v)]));
  }

  static async historiesOf(manager: EntityManager, contractIds: string[]): Promise<Map<string, ContractVersion[]>> {
    return groupBy(await ContractVersionsRepository.select(manager, 'contract_id', [...new Set(contractIds)]), (v) => v.contractId);
  }

  private static async select(manager: EntityManager, column: 'event_id' | 'contract_id', ids: string[]): Promise<ContractVersion[]> {
    if (ids.length === 0) return [];
    const rows: { event_id: string; contract_id: string; changed_at_ms: string; signer_customer_id: string; status: ContractVersion['status'] }[] = await manager.query(
      `SELECT event_id, contract_id, floor(extract(epoch FROM changed_at) * 1000)::bigint AS changed_at_ms, signer_customer_id, status
       FROM bonus.contract_versions WHERE ${column} = ANY($1::text[])`,
      [ids],
    );
    return rows.map((r) => ({ eventId: r.event_id, contractId: r.contract_id, changedAtMs: Number(r.changed_at_ms), signerCustomerId: r.signer_customer_id, status: r.status }));
  }
}
