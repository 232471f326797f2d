import { Inject, Injectable } from '@nestjs/common';
import { deadLetterFor, RawMessage } from '@sa/kafka';
import { CLOCK, Clock } from '../infrastructure/clock';
import { CONTRACT_VERSION_STORE, ContractVersionStore } from './contract-version-store.port';

/**
 * A contract change that decoded but kept failing on its own with a non-transient error (the
 * transport has narrowed its batch down to it): a PROCESSING_FAILED dead letter, so the partition
 * moves on.
 */
@Injectable()
export class RecordUnprocessableChangeUseCase {
  constructor(
    @Inject(CONTRACT_VERSION_STORE) private readonly store: ContractVersionStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(message: RawMessage, error: Error): Promise<void> {
    const letter = deadLetterFor(
      message,
      'PROCESSING_FAILED',
      `processing failed: ${error.message}`,
      [],
      this.clock.now(),
    );
    return this.store.inTransaction((tx) => tx.deadLetter(letter));
  }
}
