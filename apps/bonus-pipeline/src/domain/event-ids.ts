import { hash } from 'node:crypto';

/** 128 bits of SHA-256 as hex: the ids below and invoice content fingerprints (one call, no Hash object). */
export const digest = (text: string): string => hash('sha256', text, 'hex').slice(0, 32);

/** One purchase diff per (input, invoice, member): the same diff always carries the same id. */
export function bonusPurchaseEventId(sourceEventId: string, invoiceId: string, memberNumber: string): string {
  return `bp-${digest(`${sourceEventId}\u0000${invoiceId}\u0000${memberNumber}`)}`;
}

/** One decision per input invoice or credit note. */
export function invoiceDecisionEventId(sourceEventId: string): string {
  return `dec-${digest(sourceEventId)}`;
}

/** One correction decision per (cause, invoice): a redelivered cause is processed once; a replay sends the same id. */
export function correctionDecisionEventId(causeEventId: string, invoiceId: string): string {
  return `dec-${digest(`${causeEventId}\u0000${invoiceId}`)}`;
}
