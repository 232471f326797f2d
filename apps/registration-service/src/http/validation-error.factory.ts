import { ValidationError } from '@nestjs/common';
import { flattenFaults } from '@sa/contracts';
import { BadRequestBody, badRequestBody } from './error-body.factory';

export type ValidationErrorBody = BadRequestBody;

/** A 400 that names every field at fault, with the rule it broke and a message an agent can act on. */
export function validationErrorBody(errors: ValidationError[]): ValidationErrorBody {
  const faults = flattenFaults(errors).map((f) =>
    f.field === 'undefined' || f.field === ''
      ? { ...f, field: '(body)', message: 'the body must be a JSON object' }
      : f,
  );
  return badRequestBody(faults);
}
