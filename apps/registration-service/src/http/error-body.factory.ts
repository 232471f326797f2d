import { FieldFault } from '@sa/contracts';

export interface BadRequestBody {
  statusCode: 400;
  error: 'Bad Request';
  message: string[];
  fields: FieldFault[];
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

/** Every 400 of the API has this shape: each field at fault, the rule it broke and what to do about it. */
export function badRequestBody(faults: FieldFault[]): BadRequestBody {
  return { statusCode: 400, error: 'Bad Request', message: [...new Set(faults.map((f) => f.message))], fields: faults };
}

export function errorBody(statusCode: number, error: string, message: string): ErrorBody {
  return { statusCode, error, message };
}
