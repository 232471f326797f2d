import { Inject, Injectable } from '@nestjs/common';
import { RawMessage } from '@sa/kafka';
import { isTransientFailure } from '@sa/platform';
import { DecideInputs } from '../kafka-inputs/decide-inputs';
import { DEAD_LETTER_ARCHIVE, DeadLetterArchive, DeadLetterDetail, RedriveRecord } from './dead-letter-archive.port';
import { processingFailedMessage } from './record-unprocessable-input.use-case';

export type RedriveResult =
  | { id: string; outcome: 'DECIDED' }
  | { id: string; outcome: 'DEAD_AGAIN'; code: string; message: string }
  | { id: string; outcome: 'NOT_FOUND' };
type FoundResult = Exclude<RedriveResult, { outcome: 'NOT_FOUND' }>;

export type RedriveDeadLettersOutcome =
  | { kind: 'redriven'; results: RedriveResult[] }
  /** The database or broker failed on the way: the re-drives before it stand (and are audited); none after it ran. */
  | { kind: 'unavailable'; results: RedriveResult[]; error: string };

/**
 * Sends stored dead letters' exact bytes, with their original key, partition and offset, back through
 * the path Kafka records take (DecideInputs): a letter that now decodes and is processed is DECIDED (its
 * decisions and purchases go out through the outbox as usual; an eventId processed before pays nothing
 * twice); one that still fails is DEAD_AGAIN with the new error, and no second letter is published for
 * its source position. Each re-drive of a letter found is audited with the operator. A transient failure
 * says nothing about the letter: it stops the run and is not audited.
 */
@Injectable()
export class RedriveDeadLettersUseCase {
  constructor(
    @Inject(DEAD_LETTER_ARCHIVE) private readonly archive: DeadLetterArchive,
    private readonly inputs: DecideInputs,
  ) {}

  async execute(ids: string[], operator: string): Promise<RedriveDeadLettersOutcome> {
    const results: RedriveResult[] = [];
    for (const id of ids) {
      try {
        const letter = await this.archive.find(id);
        if (!letter) {
          results.push({ id, outcome: 'NOT_FOUND' });
          continue;
        }
        const result = await this.redrive(letter);
        const failed = result.outcome === 'DEAD_AGAIN';
        await this.archive.recordRedrive(id, {
          at: new Date(),
          by: operator,
          outcome: result.outcome,
          code: failed ? result.code : null,
          message: failed ? result.message : null,
        } satisfies RedriveRecord);
        results.push(result);
      } catch (error) {
        if (!isTransientFailure(error)) throw error;
        return { kind: 'unavailable', results, error: (error as Error).message };
      }
    }
    return { kind: 'redriven', results };
  }

  /** Throws only a transient failure; every other ends as DECIDED or DEAD_AGAIN. */
  private async redrive(letter: DeadLetterDetail): Promise<FoundResult> {
    const deadAgain = (code: string, message: string): FoundResult => ({
      id: letter.id,
      outcome: 'DEAD_AGAIN',
      code,
      message,
    });
    if (!letter.keptWhole) {
      return deadAgain('NOT_KEPT', 'registered before dead letters were kept whole: its bytes were not stored');
    }
    const decide = this.inputs.forTopic(letter.sourceTopic);
    if (!decide) return deadAgain('UNKNOWN_TOPIC', `the pipeline does not read ${letter.sourceTopic} (any more)`);
    try {
      const { unprocessable } = await decide([recordOf(letter)]);
      if (unprocessable.length === 0) return { id: letter.id, outcome: 'DECIDED' };
      return deadAgain(unprocessable[0].errorCode, unprocessable[0].errorMessage);
    } catch (error) {
      if (isTransientFailure(error)) throw error;
      return deadAgain('PROCESSING_FAILED', processingFailedMessage(error as Error));
    }
  }
}

/** The record as it was received; the broker's timestamp is not kept (the decide path does not read it). */
function recordOf(letter: DeadLetterDetail): RawMessage {
  return {
    topic: letter.sourceTopic,
    partition: letter.sourcePartition,
    offset: letter.sourceOffset,
    key: letter.sourceKey,
    value: letter.rawValue,
    timestamp: String(letter.recordedAt.getTime()),
  };
}
