import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

const PRINTABLE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** An opaque identifier from another system: printable ASCII, no surrounding spaces, ≤ 128 chars. */
export function IsIdentifier(): PropertyDecorator {
  const rules = [
    IsString(),
    IsNotEmpty(),
    MaxLength(128),
    Matches(PRINTABLE, { message: '$property must be printable ASCII without surrounding spaces' }),
  ];
  return (target, property) => rules.forEach((rule) => rule(target, property));
}
