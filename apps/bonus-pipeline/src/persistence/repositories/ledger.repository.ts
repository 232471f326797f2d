import { EntityManager } from 'typeorm';
import { LedgerEntry } from '../../domain/bonus-facts';
import { groupBy } from '../group-by';

export class LedgerRepository {
  static async sentFor(manager: EntityManager, invoiceIds: string[]): Promise<Map<string, LedgerEntry[]>> {
    if (invoiceIds.length === 0) return new Map();
    const rows: { invoice_id: string; member_number: string; household_id: string; net_amount_cents: string }[] = await manager.query(
      `SELECT invoice_id, member_number, household_id, net_amount_cents FROM bonus.ledger WHERE invoice_id = ANY($1::text[])`,
      [invoiceIds],
    );
    const byInvoice = groupBy(rows, (r) => r.invoice_id);
    return new Map([...byInvoice].map(([invoiceId, held]) => [invoiceId, held.map((r) => ({ memberNumber: r.member_number, householdId: r.household_id, netCents: Number(r.net_amount_cents) }))]));
  }

  /** Removes the holdings of invoices about to be re-settled (their rows are locked by the caller). */
  static async remove(manager: EntityManager, invoiceIds: string[]): Promise<void> {
    if (invoiceIds.length === 0) return;
    await manager.query(`DELETE FROM bonus.ledger WHERE invoice_id = ANY($1::text[])`, [invoiceIds]);
  }

  static async insert(manager: EntityManager, entries: (LedgerEntry & { invoiceId: string })[]): Promise<void> {
    if (entries.length === 0) return;
    await manager.query(LedgerRepository.insertFromJson('$1'), [JSON.stringify(entries)]);
  }

  /** The INSERT of holdings from one JSON parameter; also part of the invoice batch's final statement. */
  static insertFromJson(param: string): string {
    return `INSERT INTO bonus.ledger (invoice_id, member_number, household_id, net_amount_cents)
       SELECT e."invoiceId", e."memberNumber", e."householdId", e."netCents" FROM json_to_recordset(${param}::json) AS e("invoiceId" text, "memberNumber" text, "householdId" text, "netCents" bigint)`;
  }
}
