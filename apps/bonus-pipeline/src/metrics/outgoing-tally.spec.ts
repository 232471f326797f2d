import { BonusPurchaseEvent, DeadLetterEvent, InvoiceDecisionEvent } from '@sa/contracts';
import { tallyOutgoing } from './outgoing-tally';

const purchase = (eventType: BonusPurchaseEvent['eventType'], amountCents: number) =>
  ({ eventType, amountCents }) as BonusPurchaseEvent;
const decision = (d: InvoiceDecisionEvent['decision'], reason: InvoiceDecisionEvent['reason'] = null) =>
  ({ decision: d, reason }) as InvoiceDecisionEvent;
const letter = (errorCode: DeadLetterEvent['errorCode']) => ({ errorCode }) as DeadLetterEvent;

describe('tallyOutgoing', () => {
  it('counts purchases per event type with their cents, reversals as positive cents', () => {
    const tally = tallyOutgoing([
      { purchases: [purchase('BonusPurchaseRecorded', 2990), purchase('BonusPurchaseRecorded', 1000)] },
      { purchases: [purchase('BonusPurchaseReversed', -500)] },
    ]);
    expect(tally.purchases).toEqual({
      BonusPurchaseRecorded: { count: 2, cents: 3990 },
      BonusPurchaseReversed: { count: 1, cents: 500 },
    });
  });

  it('counts decisions per decision and reason ("" for none) across every write of the transaction', () => {
    const tally = tallyOutgoing([
      { decisions: [decision('BONUS_RECORDED'), decision('NOT_ELIGIBLE', 'NOT_REGISTERED')] },
      { decisions: [decision('NOT_ELIGIBLE', 'NOT_REGISTERED')] },
    ]);
    expect(tally.decisions).toEqual([
      { decision: 'BONUS_RECORDED', reason: '', count: 1 },
      { decision: 'NOT_ELIGIBLE', reason: 'NOT_REGISTERED', count: 2 },
    ]);
    expect(tally.correctionsOutsideWindow).toBe(0);
  });

  it('counts CORRECTION_SKIPPED decisions as corrections outside the window', () => {
    const skipped = decision('CORRECTION_SKIPPED', 'OUTSIDE_CORRECTION_WINDOW');
    expect(
      tallyOutgoing([{ decisions: [skipped, skipped, decision('BONUS_RECORDED')] }]).correctionsOutsideWindow,
    ).toBe(2);
  });

  it('counts dead letters per error code', () => {
    const tally = tallyOutgoing([{ deadLetters: [letter('MALFORMED_JSON'), letter('MALFORMED_JSON')] }, {}]);
    expect([...tally.deadLetters]).toEqual([['MALFORMED_JSON', 2]]);
  });
});
