import { EntityManager } from 'typeorm';
import { ConsentEvent } from '@sa/contracts';
import { ConsentRecord } from '../../domain/bonus-facts';
import { groupBy } from '../group-by';

/** A consent's content as one comparable string (eventId excluded; the instant as epoch ms). */
export function consentContent(c: { customerId: string; effectiveAtMs: number; eventType: string; registrationId: string; memberNumber: string; householdId: string }): string {
  return JSON.stringify([c.customerId, c.effectiveAtMs, c.eventType, c.registrationId, c.memberNumber, c.householdId]);
}

export class ConsentEventsRepository {
  /** Records grants and revocations not seen before (by eventId); returns the eventIds recorded now. */
  static async recordNew(manager: EntityManager, events: ConsentEvent[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows: { event_id: string }[] = await manager.query(
      `INSERT INTO bonus.consent_events (event_id, customer_id, effective_at, event_type, registration_id, member_number, household_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[]) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [
        events.map((e) => e.eventId),
        events.map((e) => e.customerId),
        events.map((e) => e.effectiveAt),
        events.map((e) => e.eventType),
        events.map((e) => e.registrationId),
        events.map((e) => e.memberNumber),
        events.map((e) => e.householdId),
      ],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  /** The stored content of these eventIds, as `consentContent` gives it. */
  static async storedContent(manager: EntityManager, eventIds: string[]): Promise<Map<string, string>> {
    const records = await ConsentEventsRepository.select(manager, 'event_id', eventIds);
    return new Map(records.map((r) => [r.eventId, consentContent(r)]));
  }

  static async historiesOf(manager: EntityManager, customerIds: string[]): Promise<Map<string, ConsentRecord[]>> {
    return groupBy(await ConsentEventsRepository.select(manager, 'customer_id', [...new Set(customerIds)]), (r) => r.customerId);
  }

  private static async select(manager: EntityManager, column: 'event_id' | 'customer_id', ids: string[]): Promise<ConsentRecord[]> {
    if (ids.length === 0) return [];
    const rows: { event_id: string; customer_id: string; effective_at_ms: string; event_type: ConsentRecord['eventType']; registration_id: string; member_number: string; household_id: string }[] =
      await manager.query(
        `SELECT event_id, customer_id, floor(extract(epoch FROM effective_at) * 1000)::bigint AS effective_at_ms, event_type, registration_id, member_number, household_id
         FROM bonus.consent_events WHERE ${column} = ANY($1::text[])`,
        [ids],
      );
    return rows.map((r) => ({
      eventId: r.event_id,
      customerId: r.customer_id,
      effectiveAtMs: Number(r.effective_at_ms), // epoch ms from SQL: cheaper than parsing timestamptz text per row
      eventType: r.event_type,
      registrationId: r.registration_id,
      memberNumber: r.member_number,
      householdId: r.household_id,
    }));
  }
}
