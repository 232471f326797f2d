export * from './logging/json-logger';
export * from './config/base-service.env';
export * from './health/readiness-check';
export * from './health/health.controller';
export * from './bootstrap';
export * from './failures/transient-failure';
export * from './ops-access/ops-credentials';
export * from './ops-access/ops-access.guard';
