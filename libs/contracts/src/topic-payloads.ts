import 'reflect-metadata';
import type { ClassConstructor } from 'class-transformer';
import { BonusPurchaseEvent } from './bonus-purchases/bonus-purchase-event';
import { ConsentEvent } from './consents/consent-event';
import { CrmContractEvent } from './crm-contracts/crm-contract-event';
import { DeadLetterEvent } from './dead-letters/dead-letter-event';
import { InvoiceDecisionEvent } from './invoice-decisions/invoice-decision-event';
import { InvoiceEvent } from './invoices/invoice-event';

/**
 * Every topic bound to the payload it carries (CONTRACT.md v1). Producers build messages with
 * `topicMessage` and handlers subscribe by topic key, so a payload sent to the wrong topic, or a
 * topic without a payload type, fails to type-check.
 */
export interface TopicPayloads {
  invoices: InvoiceEvent;
  crmContracts: CrmContractEvent;
  consents: ConsentEvent;
  bonusPurchases: BonusPurchaseEvent;
  invoiceDecisions: InvoiceDecisionEvent;
  deadLetters: DeadLetterEvent;
}

/** A topic by its key in the map; its name is configurable (`TopicNames`, topics.ts). */
export type TopicKey = keyof TopicPayloads;

/** The contract class that decodes and validates each topic's payload. */
export const TOPIC_SCHEMAS: { [K in TopicKey]: ClassConstructor<TopicPayloads[K]> } = {
  invoices: InvoiceEvent,
  crmContracts: CrmContractEvent,
  consents: ConsentEvent,
  bonusPurchases: BonusPurchaseEvent,
  invoiceDecisions: InvoiceDecisionEvent,
  deadLetters: DeadLetterEvent,
};

/** One message for one topic, its payload typed by the topic. */
export interface TopicMessage<K extends TopicKey = TopicKey> {
  topic: K;
  key: string | null;
  payload: TopicPayloads[K];
}

export function topicMessage<K extends TopicKey>(
  topic: K,
  key: string | null,
  payload: TopicPayloads[K],
): TopicMessage<K> {
  return { topic, key, payload };
}
