import 'reflect-metadata';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';

export interface FieldFault {
  field: string;
  rule: string;
  message: string;
}

export type DecodeFailureCode = 'EMPTY_MESSAGE' | 'MALFORMED_JSON' | 'NOT_AN_OBJECT' | 'SCHEMA_VIOLATION';

export type Decoded<T> = { ok: true; value: T } | { ok: false; code: DecodeFailureCode; message: string; faults: FieldFault[] };

/**
 * The one way a message enters the system: bytes → JSON → class instance → class-validator.
 * Unknown extra fields are ignored (forward compatibility); every fault names its field path.
 */
export function decodeMessage<T extends object>(schema: ClassConstructor<T>, raw: Buffer | string | null): Decoded<T> {
  if (raw === null || raw.length === 0) return failure('EMPTY_MESSAGE', 'the message has no value', []);
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch (error) {
    return failure('MALFORMED_JSON', `the value is not valid JSON: ${(error as Error).message}`, []);
  }
  return validatePlain(schema, parsed);
}

export function validatePlain<T extends object>(schema: ClassConstructor<T>, plain: unknown): Decoded<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return failure('NOT_AN_OBJECT', 'the value must be a JSON object', []);
  }
  const instance = plainToInstance(schema, plain, { excludeExtraneousValues: false });
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true, validationError: { target: false } });
  if (errors.length === 0) return { ok: true, value: instance };
  const faults = flattenFaults(errors);
  return failure('SCHEMA_VIOLATION', faults.map((f) => f.message).join('; '), faults);
}

export function flattenFaults(errors: ValidationError[], parent = ''): FieldFault[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([rule, text]) => ({
      field,
      rule,
      message: text.startsWith(error.property) ? `${field}${text.slice(error.property.length)}` : `${field}: ${text}`,
    }));
    return [...own, ...flattenFaults(error.children ?? [], field)];
  });
}

function failure(code: DecodeFailureCode, message: string, faults: FieldFault[]): Decoded<never> {
  return { ok: false, code, message, faults };
}
