export * from './kafka-client';
export * from './topic-admin';
export * from './raw-message';
export * from './dead-letter';
export * from './kafka-batch.transport';
export * from './outbox-relay';
