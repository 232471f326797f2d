import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldFault, flattenFaults } from '@sa/contracts';

export interface ValidationErrorBody {
  statusCode: 400;
  error: 'Bad Request';
  message: string[];
  fields: FieldFault[];
}

/** A 400 that names every field at fault, with the rule it broke and a message an agent can act on. */
export function validationErrorBody(errors: ValidationError[]): ValidationErrorBody {
  const faults = flattenFaults(errors).map((f) => (f.field === 'undefined' || f.field === '' ? { ...f, field: '(body)', message: 'the body must be a JSON object' } : f));
  return { statusCode: 400, error: 'Bad Request', message: [...new Set(faults.map((f) => f.message))], fields: faults };
}

export function registrationValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new BadRequestException(validationErrorBody(errors)),
  });
}
