import { createHash } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** One purchase diff per (input, invoice, member): the same diff always carries the same id. */
export function bonusPurchaseEventId(sourceEventId: string, invoiceId: string, memberNumber: string): string {
  return `bp-${digest(`${sourceEventId}\u0000${invoiceId}\u0000${memberNumber}`)}`;
}

/** One decision per input invoice or credit note. */
export function invoiceDecisionEventId(sourceEventId: string): string {
  return `dec-${digest(sourceEventId)}`;
}
