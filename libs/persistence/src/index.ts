export * from './data-source-options';
export * from './migrate';
export * from './sql-transactions';
export * from './pg-pool-transactions';
export * from './sql-parameters';
