import { DEAD_LETTER_CODES } from '@sa/contracts';
import { BatchObserver } from '@sa/kafka';
import { outboxPublishHistogram } from '@sa/outbox';
import { Counter, Histogram, Registry } from 'prom-client';
import { OutgoingTally } from './outgoing-tally';

/**
 * The pipeline's own metrics (names read by the ops console: keep them). Counted at the edges: the
 * Kafka transport reports each handled chunk, the PostgreSQL adapters each committed transaction's
 * outgoing events (already tallied), the relay each publishing pass. Each call touches a counter
 * once per label value, never once per message.
 */
export class BonusMetrics implements BatchObserver {
  private readonly inputs: Counter<'topic'>;
  private readonly batchDuration: Histogram<'topic'>;
  private readonly databaseRetries: Counter;
  private readonly decisions: Counter<'decision' | 'reason'>;
  private readonly deadLetters: Counter<'code'>;
  private readonly purchases: Counter<'event_type'>;
  private readonly recordedCents: Counter;
  private readonly reversedCents: Counter;
  private readonly outsideWindow: Counter;
  private readonly publishDuration: Histogram;

  constructor(readonly registry: Registry) {
    const registers = [registry];
    this.inputs = new Counter({
      name: 'bonus_inputs_total',
      help: 'Input messages consumed (handled and committed) per topic',
      labelNames: ['topic'],
      registers,
    });
    this.batchDuration = new Histogram({
      name: 'bonus_batch_duration_seconds',
      help: 'One batch through its handler and transaction, retries included',
      labelNames: ['topic'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.databaseRetries = new Counter({
      name: 'bonus_database_retries_total',
      help: 'Transient failures (database or broker unavailable) the Kafka transport retried',
      registers,
    });
    this.decisions = new Counter({
      name: 'bonus_decisions_total',
      help: 'Invoice decisions sent to ops, by decision and reason ("" when none)',
      labelNames: ['decision', 'reason'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'bonus_dead_letters_total',
      help: 'Dead letters sent, by error code',
      labelNames: ['code'],
      registers,
    });
    this.purchases = new Counter({
      name: 'bonus_purchases_total',
      help: 'Bonus purchase events sent to S-Group, by event type',
      labelNames: ['event_type'],
      registers,
    });
    this.recordedCents = new Counter({
      name: 'bonus_purchase_recorded_cents_total',
      help: 'Σ amountCents of BonusPurchaseRecorded events sent',
      registers,
    });
    this.reversedCents = new Counter({
      name: 'bonus_purchase_reversed_cents_total',
      help: 'Σ |amountCents| of BonusPurchaseReversed events sent (positive)',
      registers,
    });
    this.outsideWindow = new Counter({
      name: 'bonus_corrections_outside_window_total',
      help: 'Invoices a late fact would have changed outside the correction window (CORRECTION_SKIPPED)',
      registers,
    });
    this.publishDuration = outboxPublishHistogram(registry);
    // Known label values start at 0, so a rate is defined before the first event of a kind.
    for (const eventType of ['BonusPurchaseRecorded', 'BonusPurchaseReversed'])
      this.purchases.inc({ event_type: eventType }, 0);
    for (const code of DEAD_LETTER_CODES) this.deadLetters.inc({ code }, 0);
  }

  handled(topic: string, messages: number, seconds: number): void {
    this.inputs.inc({ topic }, messages);
    this.batchDuration.observe({ topic }, seconds);
  }

  retriedTransiently(): void {
    this.databaseRetries.inc();
  }

  /** What a transaction sent, once it committed. */
  committed(tally: OutgoingTally): void {
    for (const { decision, reason, count } of tally.decisions) this.decisions.inc({ decision, reason }, count);
    for (const [code, count] of tally.deadLetters) this.deadLetters.inc({ code }, count);
    const { BonusPurchaseRecorded: recorded, BonusPurchaseReversed: reversed } = tally.purchases;
    if (recorded.count > 0) this.purchases.inc({ event_type: 'BonusPurchaseRecorded' }, recorded.count);
    if (reversed.count > 0) this.purchases.inc({ event_type: 'BonusPurchaseReversed' }, reversed.count);
    if (recorded.cents > 0) this.recordedCents.inc(recorded.cents);
    if (reversed.cents > 0) this.reversedCents.inc(reversed.cents);
    if (tally.correctionsOutsideWindow > 0) this.outsideWindow.inc(tally.correctionsOutsideWindow);
  }

  /** One relay pass that published rows (from the relay thread, or the event loop). */
  readonly published = (seconds: number): void => this.publishDuration.observe(seconds);
}
