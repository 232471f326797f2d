/** Objects and arrays nested deeper than this are refused before anything walks the body recursively. */
export const MAX_BODY_DEPTH = 16;
/** At most this many unknown fields are named in one answer, each name cut to FIELD_NAME_LIMIT characters. */
export const MAX_NAMED_UNKNOWN_FIELDS = 20;
export const FIELD_NAME_LIMIT = 64;

/**
 * Whether a parsed JSON value nests objects or arrays deeper than `max` (a top-level object is depth 1).
 * Iterative on purpose: a recursive walk is what overflowed the stack at ~1,400 levels.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(node))
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

/** Why a body's `Content-Type` is not JSON in UTF-8, or null when it is. */
export function mediaTypeFault(contentType: string | undefined): string | null {
  if (contentType === undefined || contentType.trim() === '')
    return 'the body has no Content-Type; send application/json';
  const [type, ...parameters] = contentType.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return `Content-Type ${type.slice(0, 100)} is not supported; send application/json`;
  const charset = parameters
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"|"$/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    return `charset ${charset.slice(0, 40)} is not supported; send UTF-8`;
  return null;
}

/**
 * The body's own keys that `known` does not list. `Object.keys` sees `__proto__`, `constructor` and
 * `prototype` as JSON.parse made them, before any transformer drops or deletes them silently.
 */
export function unknownFields(body: object, known: ReadonlySet<string>): string[] {
  return Object.keys(body).filter((key) => !known.has(key));
}
