import type { TopicKey } from './topic-payloads';

/** Every topic this system reads or writes (CONTRACT.md v1 defaults; each is overridable by env). */
export const DEFAULT_TOPICS = {
  invoices: 'billing.invoices.v1',
  crmContracts: 'crm.contracts.v1',
  consents: 'registration.consents.v1',
  bonusPurchases: 'sgroup.bonus-purchases.v1',
  invoiceDecisions: 'ops.invoice-decisions.v1',
  deadLetters: 'ops.dead-letters.v1',
} as const satisfies Record<TopicKey, string>;
export type TopicNames = Record<TopicKey, string>;

/** The environment variable that overrides each topic's name. */
export const TOPIC_ENV_VARS: Record<TopicKey, string> = {
  invoices: 'TOPIC_INVOICES',
  crmContracts: 'TOPIC_CRM_CONTRACTS',
  consents: 'TOPIC_CONSENTS',
  bonusPurchases: 'TOPIC_BONUS_PURCHASES',
  invoiceDecisions: 'TOPIC_INVOICE_DECISIONS',
  deadLetters: 'TOPIC_DEAD_LETTERS',
};

export function resolveTopicNames(env: Record<string, string | undefined>): TopicNames {
  const names = { ...DEFAULT_TOPICS } as TopicNames;
  for (const key of Object.keys(DEFAULT_TOPICS) as TopicKey[]) {
    const override = env[TOPIC_ENV_VARS[key]];
    if (override) names[key] = override;
  }
  return names;
}
