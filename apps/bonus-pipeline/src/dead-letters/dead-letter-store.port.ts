import { DeadLetterEvent } from '@sa/contracts';

/** Port: dead letters registered by source position, with their outbox rows. */
export interface DeadLetterStore {
  /** Registers and queues the letters not registered before, in one transaction; returns those. */
  recordNew(letters: DeadLetterEvent[]): Promise<DeadLetterEvent[]>;
}

export const DEAD_LETTER_STORE = Symbol('DEAD_LETTER_STORE');
