import { ValidationOptions, registerDecorator } from 'class-validator';

// ISO-8601 instant that carries its zone: 2026-11-23T08:15:00Z or 2026-11-23T10:15:00.123+02:00.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** True for a real calendar instant with an explicit zone, between years 2000 and 2199. */
export function isInstantWithZone(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = INSTANT.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  if (year < 2000 || year > 2199 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return false;
  if (m[8] !== undefined && (Number(m[8]) > 18 || Number(m[9]) > 59)) return false;
  return !Number.isNaN(Date.parse(value));
}

export function IsInstantWithZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstantWithZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an ISO-8601 instant with a zone, e.g. 2026-11-23T08:15:00Z', ...options },
      validator: { validate: isInstantWithZone },
    });
}
