import { createHash } from 'node:crypto';
import { DeadLetterCode, DeadLetterEvent, FieldFault } from '@sa/contracts';
import { RawMessage } from './raw-message';

/**
 * Builds the dead letter for an input that cannot be processed. Its id derives from the source
 * position, so reprocessing the same record yields the same dead letter.
 */
export function deadLetterFor(message: RawMessage, code: DeadLetterCode, errorMessage: string, faults: FieldFault[], rejectedAt: Date): DeadLetterEvent {
  return {
    eventId: `dl-${createHash('sha256').update(`${message.topic}/${message.partition}/${message.offset}`).digest('hex').slice(0, 32)}`,
    sourceTopic: message.topic,
    sourcePartition: message.partition,
    sourceOffset: message.offset,
    sourceKey: message.key,
    rawValue: message.value === null ? null : message.value.toString('utf8'),
    errorCode: code,
    errorMessage,
    fields: [...new Set(faults.map((f) => f.field))],
    rejectedAt: rejectedAt.toISOString(),
  };
}
