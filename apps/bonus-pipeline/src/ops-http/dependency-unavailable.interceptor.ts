import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { isTransientFailure } from '@sa/platform';
import { dependencyUnavailable } from './ops-http.responses';

export const DEPENDENCY_UNAVAILABLE_MESSAGE =
  'the database or the broker cannot be reached right now; nothing was changed by this request: try again shortly';

/**
 * An ops endpoint whose database or broker is down mid-request answers 503 (retry), not 500: the
 * failure is not the request's nor a bug. Everything else passes through unchanged.
 */
@Injectable()
export class DependencyUnavailableInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(
        catchError((error: unknown) =>
          throwError(() =>
            !(error instanceof HttpException) && isTransientFailure(error)
              ? dependencyUnavailable(DEPENDENCY_UNAVAILABLE_MESSAGE)
              : error,
          ),
        ),
      );
  }
}
