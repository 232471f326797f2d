import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

/** Printable ASCII, no surrounding spaces. */
export const IDENTIFIER_PATTERN = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;
export const IDENTIFIER_MAX_LENGTH = 128;

/** The identifier rule as a plain check, for boundaries other than a message (a URL path, a query). */
export function isIdentifier(value: unknown): value is string {
  return typeof value === 'string' && value.length <= IDENTIFIER_MAX_LENGTH && IDENTIFIER_PATTERN.test(value);
}

/** An opaque identifier from another system: printable ASCII, no surrounding spaces, ≤ 128 chars. */
export function IsIdentifier(): PropertyDecorator {
  const rules = [
    IsString(),
    IsNotEmpty(),
    MaxLength(IDENTIFIER_MAX_LENGTH),
    Matches(IDENTIFIER_PATTERN, { message: '$property must be printable ASCII without surrounding spaces' }),
  ];
  return (target, property) => rules.forEach((rule) => rule(target, property));
}
