import { Inject, Injectable } from '@nestjs/common';
import { RawMessage } from '@sa/kafka';
import { rejectedInput } from './rejected-input.factory';
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
    const input = rejectedInput(message, 'PROCESSING_FAILED', processingFailedMessage(error), [], new Date());
    const fresh = await this.store.recordNew([input]);
    return fresh.length > 0 ? { kind: 'dead-lettered' } : { kind: 'already-dead-lettered' };
  }
}

/** The error text of a PROCESSING_FAILED letter (and of a re-drive that failed the same way). */
export function processingFailedMessage(error: Error): string {
  return `processing failed: ${error.message}`;
}
