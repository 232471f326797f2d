import { DeadLetterEvent } from '@sa/contracts';
import { RedriveAudit } from '../dead-letters/dead-letter-archive.port';

/** What any input batch reports back; a re-drive needs no more than this. */
export interface InputBatchOutcome {
  /** Inputs whose eventId was processed before with the same content: nothing is decided or sent again. */
  redelivered: number;
  unprocessable: DeadLetterEvent[];
}

/**
 * Runs last inside the batch's transaction, with what the batch came to: a re-drive writes its audit
 * row here so that the row commits with the re-drive's effects (or rolls back with them).
 */
export type BeforeCommit = (outcome: InputBatchOutcome, audit: RedriveAudit) => Promise<void>;
