export * from './data-source-options';
export * from './migrate';
export * from './outbox';
export * from './sql-transactions';
export * from './pg-pool-transactions';
