import { FieldFault } from '@sa/contracts';

/** A request part checked at the boundary: its value, or every field at fault with the rule it broke. */
export type Checked<T> = { ok: true; value: T } | { ok: false; faults: FieldFault[] };

/** Faults for any key of `input` not in `allowed` (a typo must not silently widen a query or a re-drive). */
export function unknownFields(input: Record<string, unknown>, allowed: readonly string[], where: string): FieldFault[] {
  return Object.keys(input)
    .filter((key) => !allowed.includes(key))
    .map((field) => ({ field, rule: 'known', message: `${field} is not a ${where}; allowed: ${allowed.join(', ')}` }));
}

/** A query parameter given at most once, as one string (Express turns `?a=1&a=2` into an array). */
export function singleParam(query: Record<string, unknown>, field: string, faults: FieldFault[]): string | undefined {
  const value = query[field];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  faults.push({ field, rule: 'single', message: `${field} must be given once, as a plain value` });
  return undefined;
}

/** An integer query parameter within [min, max]; `fallback` when absent. */
export function intParam(
  query: Record<string, unknown>,
  field: string,
  [min, max]: [number, number],
  fallback: number,
  faults: FieldFault[],
): number {
  const text = singleParam(query, field, faults);
  if (text === undefined) return fallback;
  const n = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  faults.push({ field, rule: 'range', message: `${field} must be a whole number from ${min} to ${max}` });
  return fallback;
}

/** A JSON body that is an object (not an array, a string or nothing). */
export function isBodyObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

export const BODY_NOT_AN_OBJECT: FieldFault = {
  field: '(body)',
  rule: 'isObject',
  message: 'the body must be a JSON object',
};

/** `ids`: an array of 1..max distinct strings each matching `pattern` (named by `what`). */
export function idsField(
  body: Record<string, unknown>,
  max: number,
  pattern: RegExp,
  what: string,
  faults: FieldFault[],
): string[] {
  const ids = body.ids;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > max) {
    faults.push({ field: 'ids', rule: 'arraySize', message: `ids must be an array of 1 to ${max} ${what}s` });
    return [];
  }
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || !pattern.test(id)) {
      faults.push({ field: `ids[${i}]`, rule: 'format', message: `ids[${i}] must be a ${what} (${pattern.source})` });
    }
  });
  if (new Set(ids).size !== ids.length) {
    faults.push({ field: 'ids', rule: 'unique', message: 'ids must not repeat an id' });
  }
  return ids as string[];
}
