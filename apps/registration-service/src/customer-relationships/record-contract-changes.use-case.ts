import { Inject, Injectable } from '@nestjs/common';
import { CrmContractEvent, Decoded } from '@sa/contracts';
import { RawMessage, deadLetterFor } from '@sa/kafka';
import { CLOCK, Clock } from '../infrastructure/clock';
import { CONTRACT_VERSION_STORE, ContractVersionStore } from './contract-version-store.port';

export interface ContractMessage {
  raw: RawMessage;
  decoded: Decoded<CrmContractEvent>;
}

export interface ContractBatchOutcome {
  recorded: number;
  duplicates: number;
  deadLettered: number;
}

/**
 * Keeps every version of every contract from the CRM feed. Versions are stored by `changedAt`, so an
 * older change arriving late never hides a newer one; a repeated eventId changes nothing; a bad
 * message becomes a dead letter in the same transaction, so the partition always moves on.
 */
@Injectable()
export class RecordContractChangesUseCase {
  constructor(
    @Inject(CONTRACT_VERSION_STORE) private readonly store: ContractVersionStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(messages: ContractMessage[]): Promise<ContractBatchOutcome> {
    return this.store.inTransaction(async (tx) => {
      const outcome: ContractBatchOutcome = { recorded: 0, duplicates: 0, deadLettered: 0 };
      for (const { raw, decoded } of messages) {
        if (!decoded.ok) {
          await tx.deadLetter(deadLetterFor(raw, decoded.code, decoded.message, decoded.faults, this.clock.now()));
          outcome.deadLettered++;
          continue;
        }
        const change = decoded.value;
        const result = await tx.record(change);
        if (result === 'recorded') outcome.recorded++;
        else if (result === 'duplicate') outcome.duplicates++;
        else {
          const message =
            `eventId ${change.eventId} or contract ${change.contractId} at changedAt ${change.changedAt}` +
            ' was already recorded with different content';
          await tx.deadLetter(
            deadLetterFor(
              raw,
              'EVENT_CONFLICT',
              message,
              [
                { field: 'eventId', rule: 'conflict', message },
                { field: 'changedAt', rule: 'conflict', message },
              ],
              this.clock.now(),
            ),
          );
          outcome.deadLettered++;
        }
      }
      return outcome;
    });
  }
}
