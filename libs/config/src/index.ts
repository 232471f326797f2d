export * from './config-validation.error';
export * from './load-environment';
export * from './env-rules';
