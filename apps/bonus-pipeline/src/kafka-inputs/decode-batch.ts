import { isUtf8 } from 'node:buffer';
import { ClassConstructor } from 'class-transformer';
import { decodeMessage } from '@sa/contracts';
import { RawMessage } from '@sa/kafka';
import { RejectedInput, rejectedInput } from '../dead-letters/rejected-input.factory';

/** One Kafka batch as a handler hands it to its use case: decoded messages, and dead letters for the rest. */
export interface DecodedBatch<T> {
  valid: { message: RawMessage; value: T }[];
  /** Inputs that can never be processed: they go to dead letters and the partition moves on. */
  rejected: RejectedInput[];
  /** When the batch was decoded: the time its decisions and dead letters carry. */
  at: Date;
}

/**
 * Validation at the boundary: every message is decoded by its contract class, once. `fastAccept`
 * may accept a message first (a cheaper check of the same rules); whatever it does not accept is
 * decoded by the contract class, which decides and names the faults.
 */
export function decodeBatch<T extends object>(
  schema: ClassConstructor<T>,
  messages: RawMessage[],
  at: Date,
  fastAccept?: (plain: unknown) => T | undefined,
): DecodedBatch<T> {
  const batch: DecodedBatch<T> = { valid: [], rejected: [], at };
  for (const message of messages) {
    // Only UTF-8 takes the fast path: toString would quietly turn other bytes into U+FFFD.
    const fast =
      fastAccept && message.value !== null && isUtf8(message.value)
        ? fastAccept(parseOrUndefined(message.value))
        : undefined;
    if (fast) {
      batch.valid.push({ message, value: fast });
      continue;
    }
    const decoded = decodeMessage(schema, message.value);
    if (decoded.ok) batch.valid.push({ message, value: decoded.value });
    else batch.rejected.push(rejectedInput(message, decoded.code, decoded.message, decoded.faults, at));
  }
  return batch;
}

function parseOrUndefined(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined; // decodeMessage reports it
  }
}
