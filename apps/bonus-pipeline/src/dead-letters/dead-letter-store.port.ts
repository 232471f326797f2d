import { DeadLetterEvent } from '@sa/contracts';
import { RejectedInput } from './rejected-input.factory';

/** Port: dead letters registered by source position (kept whole), with their outbox rows. */
export interface DeadLetterStore {
  /** Registers and queues the inputs not registered before, in one transaction; returns their letters. */
  recordNew(rejected: RejectedInput[]): Promise<DeadLetterEvent[]>;
}

export const DEAD_LETTER_STORE = Symbol('DEAD_LETTER_STORE');
