import { Logger, Provider } from '@nestjs/common';
import { consumerLagReader, registerConsumerLagGauge } from '@sa/kafka';
import { outboxStateReader, registerOutboxGauges } from '@sa/outbox';
import { createMetricsRegistry, METRICS_REGISTRY } from '@sa/platform';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { REGISTRATION_CONFIG, RegistrationConfig, SERVICE_NAME } from '../config/registration.config';
import { RegistrationMetrics } from '../metrics/registration-metrics';
import { DATA_SOURCE } from './database.providers';
import { KAFKA_CLIENT } from './kafka.providers';

/** The service's registry and counters, with the outbox gauges and the CRM consumer's lag read at scrape time. */
export const metricsProviders: Provider[] = [
  {
    provide: RegistrationMetrics,
    inject: [DATA_SOURCE, KAFKA_CLIENT, REGISTRATION_CONFIG],
    useFactory: (dataSource: DataSource, kafka: Kafka, config: RegistrationConfig): RegistrationMetrics => {
      const metrics = new RegistrationMetrics(createMetricsRegistry(SERVICE_NAME));
      const log = new Logger('Metrics');
      const unread = (what: string) => (error: Error) =>
        log.warn({ message: `${what} could not be read for /metrics`, error: error.message });
      registerOutboxGauges(
        metrics.registry,
        outboxStateReader((sql, params) => dataSource.query(sql, params), config.database.schema),
        unread('the outbox'),
      );
      registerConsumerLagGauge(
        metrics.registry,
        consumerLagReader(kafka, config.kafka.groupId, [config.topics.crmContracts]),
        unread('consumer lag'),
      );
      return metrics;
    },
  },
  { provide: METRICS_REGISTRY, inject: [RegistrationMetrics], useFactory: (m: RegistrationMetrics) => m.registry },
];
