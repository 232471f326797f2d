import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { FieldFault } from '@sa/contracts';

/** The 400 of every ops endpoint: each field at fault, the rule it broke and what to do about it. */
export function badRequest(faults: FieldFault[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: [...new Set(faults.map((f) => f.message))],
    fields: faults,
  });
}

export function notFound(code: string, message: string): NotFoundException {
  return new NotFoundException({ statusCode: 404, code, message });
}

/** A database or broker down mid-request: a 503 to retry; `extra` says what was done before it failed. */
export function dependencyUnavailable(message: string, extra: object = {}): HttpException {
  return new HttpException({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE', message, ...extra }, 503);
}
