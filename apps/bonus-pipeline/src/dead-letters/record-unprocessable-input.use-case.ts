import { Inject, Injectable } from '@nestjs/common';
import { deadLetterFor, RawMessage } from '@sa/kafka';
import { DEAD_LETTER_STORE, DeadLetterStore } from './dead-letter-store.port';

export type UnprocessableInputOutcome = { kind: 'dead-lettered' } | { kind: 'already-dead-lettered' };

/**
 * An input that decoded but kept failing on its own with a non-transient error (the transport has
 * narrowed its batch down to it): a PROCESSING_FAILED dead letter with the error, so its partition
 * moves on. Registered by source position, so a replay sends it once.
 */
@Injectable()
export class RecordUnprocessableInputUseCase {
  constructor(@Inject(DEAD_LETTER_STORE) private readonly store: DeadLetterStore) {}

  async execute(message: RawMessage, error: Error): Promise<UnprocessableInputOutcome> {
    const letter = deadLetterFor(message, 'PROCESSING_FAILED', `processing failed: ${error.message}`, [], new Date());
    const fresh = await this.store.recordNew([letter]);
    return fresh.length > 0 ? { kind: 'dead-lettered' } : { kind: 'already-dead-lettered' };
  }
}
