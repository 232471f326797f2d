import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { LoggerService } from '@nestjs/common';
import { mapKafkajsLog } from './kafkajs-log.mapper';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger: LoggerService;
}

/** A kafkajs client whose own log goes through the service's structured logger (levels: mapKafkajsLog). */
export function createKafkaClient({ brokers, clientId, logger }: KafkaClientOptions): Kafka {
  return new Kafka({
    brokers,
    clientId,
    connectionTimeout: 5000,
    requestTimeout: 30000,
    // Broker down is transient: keep trying for a while rather than crash the service.
    retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 12 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const mapped = mapKafkajsLog(entry);
      if (mapped?.level === 'error') logger.error(mapped.line, 'Kafka');
      else if (mapped?.level === 'warn') logger.warn(mapped.line, 'Kafka');
      else if (mapped) logger.log(mapped.line, 'Kafka');
    },
  });
}
