import 'reflect-metadata';
import { isUtf8 } from 'node:buffer';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';

export interface FieldFault {
  field: string;
  rule: string;
  message: string;
}

export type DecodeFailureCode =
  'EMPTY_MESSAGE' | 'INVALID_UTF8' | 'MALFORMED_JSON' | 'NOT_AN_OBJECT' | 'NESTING_TOO_DEEP' | 'SCHEMA_VIOLATION';

export type Decoded<T> =
  { ok: true; value: T } | { ok: false; code: DecodeFailureCode; message: string; faults: FieldFault[] };

/**
 * Deeper than any message of the contract needs (an invoice line sits at depth 3). Validation and
 * class-transformer recurse, so a bound here is what keeps a 20 kB message from overflowing the stack.
 */
export const MAX_NESTING_DEPTH = 32;

/**
 * The one way a message enters the system: bytes → UTF-8 → JSON → bounded depth → class instance →
 * class-validator. Unknown extra fields are ignored (forward compatibility); every fault names its
 * field path. Never throws: whatever the bytes, the answer is a value or a named failure.
 */
export function decodeMessage<T extends object>(schema: ClassConstructor<T>, raw: Buffer | string | null): Decoded<T> {
  if (raw === null || raw.length === 0) return failure('EMPTY_MESSAGE', 'the message has no value', []);
  if (typeof raw !== 'string' && !isUtf8(raw)) {
    return failure('INVALID_UTF8', 'the value is not valid UTF-8 (the contract sends UTF-8 JSON)', []);
  }
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
  const tooDeep = pathDeeperThan(plain, MAX_NESTING_DEPTH);
  if (tooDeep !== undefined) {
    const field = tooDeep.length > 200 ? `${tooDeep.slice(0, 200)}…` : tooDeep;
    const message = `${field} nests deeper than ${MAX_NESTING_DEPTH} levels`;
    return failure('NESTING_TOO_DEEP', message, [{ field, rule: 'maxDepth', message }]);
  }
  const instance = plainToInstance(schema, plain, { excludeExtraneousValues: false });
  const errors = validateSync(instance, {
    whitelist: true,
    forbidUnknownValues: true,
    validationError: { target: false },
  });
  if (errors.length === 0) return { ok: true, value: instance };
  const faults = flattenFaults(errors);
  return failure('SCHEMA_VIOLATION', faults.map((f) => f.message).join('; '), faults);
}

/**
 * The path of the first value nested deeper than `max` (objects and arrays count one level each),
 * or undefined. Iterative on purpose: a recursive walk would overflow on the very input it guards.
 */
export function pathDeeperThan(root: object, max: number): string | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: root, depth: 1, path: '' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > max) return path === '' ? '(value)' : path;
    if (Array.isArray(value))
      value.forEach((item, i) => stack.push({ value: item, depth: depth + 1, path: `${path}[${i}]` }));
    else
      for (const [key, item] of Object.entries(value))
        stack.push({ value: item, depth: depth + 1, path: path ? `${path}.${key}` : key });
  }
  return undefined;
}

export function flattenFaults(errors: ValidationError[], parent = ''): FieldFault[] {
  return errors.flatMap((error) => {
    const field =
      parent === ''
        ? error.property
        : /^\d+$/.test(error.property)
          ? `${parent}[${error.property}]`
          : `${parent}.${error.property}`;
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
