import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deadLetterFor, OutboxRelayControl, RawMessage } from '@sa/kafka';
import { appendToOutbox } from '@sa/persistence';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { outboxMessages } from '../outbound/outbox-messages';
import { OUTBOX_RELAY } from '../outbound/outbox-relay.token';
import { DeadLettersRepository } from '../persistence/repositories/dead-letters.repository';

/**
 * An input that decoded but kept failing on its own with a non-transient error (the transport has
 * narrowed its batch down to it): a PROCESSING_FAILED dead letter with the error, so its partition
 * moves on. Registered by source position, so a replay sends it once.
 */
@Injectable()
export class RecordUnprocessableInputUseCase {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelayControl,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: BonusPipelineConfig,
  ) {}

  async execute(message: RawMessage, error: Error): Promise<void> {
    const letter = deadLetterFor(message, 'PROCESSING_FAILED', `processing failed: ${error.message}`, [], new Date());
    await this.dataSource.transaction(async (manager) => {
      const fresh = await DeadLettersRepository.registerNew(manager, [letter]);
      // The dead letter's record and its outbox row commit together.
      await appendToOutbox(manager, this.config.database.schema, outboxMessages(this.config.topics, { deadLetters: fresh }));
    });
    this.relay.nudge();
  }
}
