import { CallHandler, ExecutionContext, HttpException, NotFoundException } from '@nestjs/common';
import { lastValueFrom, throwError } from 'rxjs';
import { DependencyUnavailableInterceptor } from './dependency-unavailable.interceptor';

const failing = (error: unknown): CallHandler => ({ handle: () => throwError(() => error) });
const run = (error: unknown) =>
  lastValueFrom(new DependencyUnavailableInterceptor().intercept({} as ExecutionContext, failing(error))).catch(
    (e: unknown) => e,
  );

describe('DependencyUnavailableInterceptor', () => {
  it('a database that is down becomes a 503 to retry', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const answer = (await run(down)) as HttpException;
    expect(answer.getStatus()).toBe(503);
    expect(answer.getResponse()).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
  });

  it('HTTP answers and bugs pass through unchanged', async () => {
    const notFound = new NotFoundException();
    const bug = new TypeError('x is undefined');
    expect(await run(notFound)).toBe(notFound);
    expect(await run(bug)).toBe(bug);
  });
});
