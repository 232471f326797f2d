import { Logger, Provider } from '@nestjs/common';
import { createKafkaClient, ensureTopics } from '@sa/kafka';
import { Kafka } from 'kafkajs';
import { REGISTRATION_CONFIG, RegistrationConfig } from '../config/registration.config';

export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');

/** The Kafka client; the topics this service reads and writes exist before anything uses them. */
export const kafkaClientProvider: Provider = {
  provide: KAFKA_CLIENT,
  inject: [REGISTRATION_CONFIG],
  useFactory: async (config: RegistrationConfig): Promise<Kafka> => {
    const kafka = createKafkaClient({ brokers: config.kafka.brokers, clientId: config.kafka.clientId, logger: new Logger('Kafka') });
    const { crmContracts, consents, deadLetters } = config.topics;
    await withRetries(() => ensureTopics(kafka, [crmContracts, consents, deadLetters].map((topic) => ({ topic, numPartitions: config.kafka.topicPartitions }))));
    return kafka;
  },
};

/**
 * kafkajs's createTopics(waitForLeaders) can fail with UNKNOWN_TOPIC_OR_PARTITION while a just-created
 * topic's metadata is still spreading; ensureTopics is idempotent, so asking again settles it.
 */
async function withRetries(work: () => Promise<void>, attempts = 6): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts) throw error;
      new Logger('Kafka').warn({ message: 'ensuring topics failed, asking again', attempt, error: (error as Error).message });
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}
