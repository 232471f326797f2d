import { hash } from 'node:crypto';

/** 128 bits of SHA-256 as hex: the ids below and invoice content fingerprints (one call, no Hash object). */
export const digest = (text: string): string => hash('sha256', text, 'hex').slice(0, 32);

/** One step of the net S-Group holds for an (invoice, member) pair. */
export interface PurchaseStep {
  invoiceId: string;
  memberNumber: string;
  /** How many purchase events the pair had before this one (0 for its first). */
  sequence: number;
  netBeforeCents: number;
  netAfterCents: number;
}

/**
 * A purchase is named by its content and its place in the pair's history, not by the input that caused it
 * (which depends on how topics interleaved and batches were cut): equal ids always carry equal amounts
 * (after − before), and a replay that reaches the same step, from the same history, sends the same id.
 */
export function bonusPurchaseEventId(step: PurchaseStep): string {
  const { invoiceId, memberNumber, sequence, netBeforeCents, netAfterCents } = step;
  return `bp-${digest([invoiceId, memberNumber, sequence, netBeforeCents, netAfterCents].join('\u0000'))}`;
}

/** One decision per input invoice or credit note. */
export function invoiceDecisionEventId(sourceEventId: string): string {
  return `dec-${digest(sourceEventId)}`;
}

/** One correction decision per (cause, invoice): a redelivered cause is processed once; a replay sends the same id. */
export function correctionDecisionEventId(causeEventId: string, invoiceId: string): string {
  return `dec-${digest(`${causeEventId}\u0000${invoiceId}`)}`;
}
