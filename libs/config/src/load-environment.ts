import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';

type Env = Record<string, string | undefined>;

/**
 * Validates raw environment variables against a class-validator schema. Every fault is reported
 * at once, naming the variable and the rule, so an operator fixes the deployment in one go.
 */
export function loadEnvironment<T extends object>(service: string, schema: new () => T, env: Env): T {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const instance = plainToInstance(schema, present, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: true });
  if (errors.length > 0)
    throw new ConfigValidationError(
      service,
      errors.flatMap((e) => describe(e, present)),
    );
  return instance;
}

function describe(error: ValidationError, env: Env): string[] {
  const shown =
    error.property in env ? ` (got ${JSON.stringify(redact(error.property, env[error.property]))})` : ' (missing)';
  return Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}${shown}`);
}

function redact(name: string, value: string | undefined): string | undefined {
  return /SECRET|PASSWORD|KEY|TOKEN/i.test(name) ? '***' : value;
}
