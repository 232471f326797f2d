import { Provider } from '@nestjs/common';
import { READINESS_CHECKS, ReadinessCheck } from '@sa/platform';
import { checkKafka, ConsumerHealth } from '@sa/kafka';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { DATA_SOURCE } from './database.providers';
import { KAFKA_CLIENT } from './kafka.providers';

export const readinessChecksProvider: Provider = {
  provide: READINESS_CHECKS,
  inject: [DATA_SOURCE, KAFKA_CLIENT, ConsumerHealth],
  useFactory: (dataSource: DataSource, kafka: Kafka, consumer: ConsumerHealth): ReadinessCheck[] => [
    { name: 'postgres', check: async () => void (await dataSource.query('SELECT 1')) },
    { name: 'kafka', check: () => checkKafka(kafka) },
    { name: 'consumer', check: () => consumer.check() },
  ],
};
