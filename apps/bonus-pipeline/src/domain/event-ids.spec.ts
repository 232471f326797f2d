import { createHash } from 'node:crypto';
import { bonusPurchaseEventId, digest, invoiceDecisionEventId } from './event-ids';

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

describe('outgoing event ids (fixed derivations: consumers dedupe by them)', () => {
  it('a purchase id is bp- and 128 bits of SHA-256 over (invoiceId, member, sequence, net before, net after)', () => {
    const step = {
      invoiceId: 'INV-1',
      memberNumber: '1111111111',
      sequence: 1,
      netBeforeCents: 4990,
      netAfterCents: 0,
    };
    expect(bonusPurchaseEventId(step)).toBe(`bp-${sha('INV-1\u00001111111111\u00001\u00004990\u00000')}`);
    for (const other of [
      { ...step, invoiceId: 'INV-2' },
      { ...step, memberNumber: '2222222222' },
      { ...step, sequence: 2 },
      { ...step, netBeforeCents: 5000 },
      { ...step, netAfterCents: 10 },
    ])
      expect(bonusPurchaseEventId(other)).not.toBe(bonusPurchaseEventId(step));
  });

  it('a decision id is dec- and 128 bits of SHA-256 over the source eventId', () => {
    expect(invoiceDecisionEventId('e-1')).toBe(`dec-${sha('e-1')}`);
    expect(digest('x')).toHaveLength(32);
  });
});
