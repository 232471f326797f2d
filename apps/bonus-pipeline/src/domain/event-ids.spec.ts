import { createHash } from 'node:crypto';
import { bonusPurchaseEventId, digest, invoiceDecisionEventId } from './event-ids';

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

describe('outgoing event ids (fixed derivations: consumers dedupe by them)', () => {
  it('a purchase id is bp- and 128 bits of SHA-256 over (source eventId, invoiceId, member number)', () => {
    expect(bonusPurchaseEventId('e-1', 'INV-1', '1111111111')).toBe(`bp-${sha('e-1\u0000INV-1\u00001111111111')}`);
    expect(bonusPurchaseEventId('e-1', 'INV-1', '1111111111')).not.toBe(
      bonusPurchaseEventId('e-1', 'INV-1', '2222222222'),
    );
  });

  it('a decision id is dec- and 128 bits of SHA-256 over the source eventId', () => {
    expect(invoiceDecisionEventId('e-1')).toBe(`dec-${sha('e-1')}`);
    expect(digest('x')).toHaveLength(32);
  });
});
