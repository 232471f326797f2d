export * from './kafka-client';
export * from './topic-admin';
export * from './raw-message';
export * from './dead-letter';
export * from './consumer-health';
export * from './batch-handler.decorator';
export * from './kafka-batch.transport';
export * from './consumer-lag';
