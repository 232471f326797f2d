import { ParkedOutboxRow } from '@sa/outbox';

/** Port: outbox rows the relay parked (refused by the broker after its attempts, or too large). */
export interface ParkedOutbox {
  /** Oldest first, at most `limit`. */
  list(limit: number): Promise<ParkedOutboxRow[]>;
  /**
   * Puts these rows (all when undefined) back in line for the relay and records who asked, in one transaction;
   * returns how many moved.
   */
  republish(ids: string[] | undefined, audit: { by: string; at: Date }): Promise<number>;
}

export const PARKED_OUTBOX = Symbol('PARKED_OUTBOX');
