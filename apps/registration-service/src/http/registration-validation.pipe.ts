import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';
import { FieldFault } from '@sa/contracts';
import { badRequestBody } from './error-body.factory';
import {
  FIELD_NAME_LIMIT,
  MAX_BODY_DEPTH,
  MAX_NAMED_UNKNOWN_FIELDS,
  nestsDeeperThan,
  unknownFields,
} from './request-body.rules';
import { validationErrorBody } from './validation-error.factory';

const SOURCE: Record<string, string> = { body: '(body)', query: '(query)', param: '(path)' };

/**
 * Validates bodies, queries and path parameters against their DTO class. Used instead of Nest's
 * ValidationPipe, which walks the value recursively before validating (a deep body overflowed the
 * stack) and silently drops `__proto__` and `constructor` instead of refusing them by name.
 */
@Injectable()
export class RegistrationValidationPipe implements PipeTransform {
  async transform(value: unknown, { type, metatype }: ArgumentMetadata): Promise<unknown> {
    const source = SOURCE[type];
    const known = metatype ? knownProperties(metatype) : new Set<string>();
    if (source === undefined || known.size === 0) return value;

    const plain = value ?? {};
    if (typeof plain !== 'object' || Array.isArray(plain)) {
      throw refuse([{ field: source, rule: 'isObject', message: `the ${source.slice(1, -1)} must be a JSON object` }]);
    }
    if (nestsDeeperThan(plain, MAX_BODY_DEPTH)) {
      throw refuse([
        {
          field: source,
          rule: 'maxDepth',
          message: `the ${source.slice(1, -1)} nests objects or arrays deeper than ${MAX_BODY_DEPTH} levels`,
        },
      ]);
    }
    const unknown = unknownFields(plain, known);
    const unknownFaults = unknown.slice(0, MAX_NAMED_UNKNOWN_FIELDS).map((key): FieldFault => {
      const field = key.length > FIELD_NAME_LIMIT ? `${key.slice(0, FIELD_NAME_LIMIT)}…` : key;
      return { field, rule: 'whitelistValidation', message: `${field} is not a field of this request; remove it` };
    });
    if (unknown.length > MAX_NAMED_UNKNOWN_FIELDS) {
      const more = unknown.length - MAX_NAMED_UNKNOWN_FIELDS;
      unknownFaults.push({ field: source, rule: 'whitelistValidation', message: `and ${more} more unknown fields` });
    }

    const knownOnly = Object.fromEntries(Object.entries(plain).filter(([key]) => known.has(key)));
    const instance = plainToInstance(metatype as new () => object, knownOnly) as object;
    const errors = await validate(instance, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
    });
    const faults = [...unknownFaults, ...validationErrorBody(errors).fields];
    if (faults.length > 0) throw refuse(faults);
    return instance;
  }
}

/** The properties a DTO class declares validation rules for; none for types that are not DTOs. */
function knownProperties(metatype: ArgumentMetadata['metatype']): Set<string> {
  if (typeof metatype !== 'function') return new Set();
  return new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(metatype, '', true, false)
      .map((m) => m.propertyName),
  );
}

function refuse(faults: FieldFault[]): BadRequestException {
  return new BadRequestException(badRequestBody(faults));
}
