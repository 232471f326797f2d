import { ArgumentsHost, UnprocessableEntityException } from '@nestjs/common';
import { AbstractHttpAdapter } from '@nestjs/core';
import { AUDIT_OUTCOME } from './audit.middleware';
import { DependencyUnavailableFilter } from './dependency-unavailable.filter';

function httpHost() {
  const res = {
    statusCode: 200,
    body: undefined as unknown,
    locals: {} as Record<string, unknown>,
    headersSent: false,
  };
  const response = {
    ...res,
    status(code: number) {
      response.statusCode = code;
      return response;
    },
    json(body: unknown) {
      response.body = body;
    },
  };
  const args = [{}, response];
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({}) }),
    getArgs: () => args,
    getArgByIndex: (i: number) => args[i],
  };
  return { host: host as unknown as ArgumentsHost, response };
}

/** The HTTP adapter the base filter answers through for everything this filter leaves alone. */
function adapter(): { adapter: AbstractHttpAdapter; replies: [number, unknown][] } {
  const replies: [number, unknown][] = [];
  const a = {
    reply: (_res: unknown, body: unknown, status: number) => replies.push([status, body]),
    isHeadersSent: () => false,
    end: () => undefined,
  };
  return { adapter: a as unknown as AbstractHttpAdapter, replies };
}

describe('DependencyUnavailableFilter', () => {
  it('answers a lost database connection with 503 DEPENDENCY_UNAVAILABLE and says so in the audit', () => {
    const { host, response } = httpHost();
    const filter = new DependencyUnavailableFilter(adapter().adapter);
    filter.catch(Object.assign(new Error('Connection terminated unexpectedly'), {}), host);
    expect(response.statusCode).toBe(503);
    expect(response.body).toMatchObject({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE' });
    expect(response.locals[AUDIT_OUTCOME]).toBe('DEPENDENCY_UNAVAILABLE');
  });

  it('leaves an HttpException its own status, and a bug a 500', () => {
    const { host, response } = httpHost();
    const { adapter: a, replies } = adapter();
    const filter = new DependencyUnavailableFilter(a);
    filter.catch(new UnprocessableEntityException({ code: 'NOT_OWNER_CUSTOMER' }), host);
    filter.catch(new TypeError("Cannot read properties of undefined (reading 'x')"), host);
    expect(replies.map(([status]) => status)).toEqual([422, 500]);
    expect(response.statusCode).toBe(200);
  });
});
