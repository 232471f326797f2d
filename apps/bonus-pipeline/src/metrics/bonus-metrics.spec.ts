import { createMetricsRegistry } from '@sa/platform';
import { BonusMetrics } from './bonus-metrics';
import { tallyOutgoing } from './outgoing-tally';
import { BonusPurchaseEvent, InvoiceDecisionEvent } from '@sa/contracts';

describe('BonusMetrics', () => {
  it('adds a committed tally to the counters by label', async () => {
    const metrics = new BonusMetrics(createMetricsRegistry('bonus-pipeline'));
    const tally = tallyOutgoing([
      {
        purchases: [
          { eventType: 'BonusPurchaseRecorded', amountCents: 2990 } as BonusPurchaseEvent,
          { eventType: 'BonusPurchaseReversed', amountCents: -990 } as BonusPurchaseEvent,
        ],
        decisions: [{ decision: 'CORRECTION_SKIPPED', reason: 'OUTSIDE_CORRECTION_WINDOW' } as InvoiceDecisionEvent],
      },
    ]);
    metrics.committed(tally);
    metrics.committed(tally);
    const text = await metrics.registry.metrics();
    expect(text).toContain('bonus_purchases_total{event_type="BonusPurchaseRecorded",service="bonus-pipeline"} 2');
    expect(text).toContain('bonus_purchase_recorded_cents_total{service="bonus-pipeline"} 5980');
    expect(text).toContain('bonus_purchase_reversed_cents_total{service="bonus-pipeline"} 1980');
    expect(text).toContain(
      'bonus_decisions_total{decision="CORRECTION_SKIPPED",reason="OUTSIDE_CORRECTION_WINDOW",' +
        'service="bonus-pipeline"} 2',
    );
    expect(text).toContain('bonus_corrections_outside_window_total{service="bonus-pipeline"} 2');
    expect(text).toContain('bonus_dead_letters_total{code="MALFORMED_JSON",service="bonus-pipeline"} 0');
  });

  it('counts a handled chunk by its messages, once, and times it', async () => {
    const metrics = new BonusMetrics(createMetricsRegistry('bonus-pipeline'));
    metrics.handled('billing.invoices.v1', 500, 0.2);
    metrics.retriedTransiently();
    const text = await metrics.registry.metrics();
    expect(text).toContain('bonus_inputs_total{topic="billing.invoices.v1",service="bonus-pipeline"} 500');
    expect(text).toContain(
      'bonus_batch_duration_seconds_count{service="bonus-pipeline",topic="billing.invoices.v1"} 1',
    );
    expect(text).toContain('bonus_database_retries_total{service="bonus-pipeline"} 1');
  });
});
