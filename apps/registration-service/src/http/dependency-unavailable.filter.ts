import { ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { isTransientFailure } from '@sa/platform';
import { AUDIT_OUTCOME } from './audit.middleware';
import { HttpResponse } from './express-types';

export const DEPENDENCY_UNAVAILABLE_MESSAGE =
  'the database or the broker cannot be reached right now; the request was not completed: read the ' +
  "customer's registration to see its state, and try again shortly";

/**
 * A database or broker that is down mid-request (a lost connection, a server shutting down, a
 * deadlock) is a 503 the agent can retry, not a 500: the transaction was rolled back. Anything
 * else is left to Nest: an HttpException keeps its status, a bug stays a 500.
 */
@Catch()
export class DependencyUnavailableFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http' || exception instanceof HttpException || !isTransientFailure(exception)) {
      return super.catch(exception, host);
    }
    const res = host.switchToHttp().getResponse<HttpResponse>();
    res.locals[AUDIT_OUTCOME] = 'DEPENDENCY_UNAVAILABLE';
    res.status(503).json({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE', message: DEPENDENCY_UNAVAILABLE_MESSAGE });
  }
}
