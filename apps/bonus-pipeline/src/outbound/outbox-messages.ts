import { BonusPurchaseEvent, DeadLetterEvent, InvoiceDecisionEvent, TopicNames } from '@sa/contracts';
import { OutboxMessage } from '@sa/persistence';

/** The JSON text stored in the outbox is what goes out, byte for byte, on every (re)publish. */
export function outboxMessages(
  topics: TopicNames,
  out: { purchases?: BonusPurchaseEvent[]; decisions?: InvoiceDecisionEvent[]; deadLetters?: DeadLetterEvent[] },
): OutboxMessage[] {
  return [
    ...(out.purchases ?? []).map((p) => ({ topic: topics.bonusPurchases, key: p.memberNumber, value: JSON.stringify(p) })),
    ...(out.decisions ?? []).map((d) => ({ topic: topics.invoiceDecisions, key: d.invoiceId, value: JSON.stringify(d) })),
    ...(out.deadLetters ?? []).map((l) => ({ topic: topics.deadLetters, key: l.sourceKey, value: JSON.stringify(l) })),
  ];
}
