import { Inject, Injectable } from '@nestjs/common';
import { RawMessage } from '@sa/kafka';
import { isTransientFailure } from '@sa/platform';
import { DecideInputs, InputBatchOutcome } from '../kafka-inputs/decide-inputs';
import { DEAD_LETTER_ARCHIVE, DeadLetterArchive, DeadLetterDetail, RedriveRecord } from './dead-letter-archive.port';
import { processingFailedMessage } from './record-unprocessable-input.use-case';

export type RedriveResult =
  | { id: string; outcome: 'DECIDED' }
  | { id: string; outcome: 'ALREADY_PROCESSED' }
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
 * decisions and purchases go out through the outbox as usual); one whose eventId was processed before with
 * the same content is ALREADY_PROCESSED (nothing is decided or sent again); one that still fails (an
 * invoiceId conflict included) is DEAD_AGAIN with the new error, and no second letter is published for
 * its source position. Each re-drive of a letter found is audited with the operator: in the decide path's
 * own transaction when that ran to its end. A transient failure says nothing about the letter: it stops
 * the run and is not audited.
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
        const { result, audited } = await this.redrive(letter, operator);
        if (!audited) await this.archive.recordRedrive(id, auditRecord(result, operator));
        results.push(result);
      } catch (error) {
        if (!isTransientFailure(error)) throw error;
        return { kind: 'unavailable', results, error: (error as Error).message };
      }
    }
    return { kind: 'redriven', results };
  }

  /**
   * Throws only a transient failure; every other ends as DECIDED, ALREADY_PROCESSED or DEAD_AGAIN.
   * `audited`: the audit row was written in the decide path's transaction (and committed with it).
   */
  private async redrive(
    letter: DeadLetterDetail,
    operator: string,
  ): Promise<{ result: FoundResult; audited: boolean }> {
    const deadAgain = (code: string, message: string) => ({
      result: { id: letter.id, outcome: 'DEAD_AGAIN', code, message } as const,
      audited: false,
    });
    if (!letter.keptWhole) {
      return deadAgain('NOT_KEPT', 'registered before dead letters were kept whole: its bytes were not stored');
    }
    const decide = this.inputs.forTopic(letter.sourceTopic);
    if (!decide) return deadAgain('UNKNOWN_TOPIC', `the pipeline does not read ${letter.sourceTopic} (any more)`);
    try {
      let result: FoundResult | undefined;
      // The audit row commits with the re-drive's decisions and purchases: no re-drive takes effect unaudited.
      await decide([recordOf(letter)], async (outcome, audit) => {
        result = resultOf(letter.id, outcome);
        await audit.recordRedrive(letter.id, auditRecord(result, operator));
      });
      return { result: result!, audited: true };
    } catch (error) {
      if (isTransientFailure(error)) throw error;
      return deadAgain('PROCESSING_FAILED', processingFailedMessage(error as Error));
    }
  }
}

/** What the decide path made of the one re-driven record. */
function resultOf(id: string, { unprocessable, redelivered }: InputBatchOutcome): FoundResult {
  if (unprocessable.length > 0) {
    return { id, outcome: 'DEAD_AGAIN', code: unprocessable[0].errorCode, message: unprocessable[0].errorMessage };
  }
  return redelivered > 0 ? { id, outcome: 'ALREADY_PROCESSED' } : { id, outcome: 'DECIDED' };
}

function auditRecord(result: FoundResult, operator: string): RedriveRecord {
  const failed = result.outcome === 'DEAD_AGAIN';
  return {
    at: new Date(),
    by: operator,
    outcome: result.outcome,
    code: failed ? result.code : null,
    message: failed ? result.message : null,
  };
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
