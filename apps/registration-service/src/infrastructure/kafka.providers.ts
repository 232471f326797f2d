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
    const kafka = createKafkaClient({
      brokers: config.kafka.brokers,
      clientId: config.kafka.clientId,
      logger: new Logger('Kafka'),
    });
    const { crmContracts, consents, deadLetters } = config.topics;
    await ensureTopics(
      kafka,
      [crmContracts, consents, deadLetters].map((topic) => ({ topic, numPartitions: config.kafka.topicPartitions })),
    );
    return kafka;
  },
};
