import { DeadLetterCode, DeadLetterEvent, FieldFault } from '@sa/contracts';
import { deadLetterFor, RawMessage } from '@sa/kafka';

/**
 * An input that cannot be processed: the dead letter that is published (its value may be cut to fit the
 * broker) and the record exactly as received, which the store keeps whole so it can be re-driven.
 */
export interface RejectedInput {
  message: RawMessage;
  letter: DeadLetterEvent;
}

export function rejectedInput(
  message: RawMessage,
  code: DeadLetterCode,
  errorMessage: string,
  faults: FieldFault[],
  at: Date,
): RejectedInput {
  return { message, letter: deadLetterFor(message, code, errorMessage, faults, at) };
}
