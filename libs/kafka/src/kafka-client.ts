import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { LoggerService } from '@nestjs/common';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger: LoggerService;
}

/** A kafkajs client whose own log goes through the service's structured logger. */
export function createKafkaClient({ brokers, clientId, logger }: KafkaClientOptions): Kafka {
  return new Kafka({
    brokers,
    clientId,
    connectionTimeout: 5000,
    requestTimeout: 30000,
    // Broker down is transient: keep trying for a while rather than crash the service.
    retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 12 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        // Our relay bounds retries on purpose and re-sends whole batches itself (see OutboxRelay).
        if (typeof message === 'string' && message.startsWith('Limiting retries for the idempotent producer')) return;
        const line = { message: `kafkajs: ${message}`, ...extra };
        if (level <= logLevel.ERROR) logger.error(line, 'Kafka');
        else logger.warn(line, 'Kafka');
      },
  });
}
