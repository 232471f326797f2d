export * from './logging/json-logger';
export * from './config/base-service.env';
export * from './health/readiness-check';
export * from './health/health.controller';
export * from './bootstrap';
export * from './failures/transient-failure';
