import { isPublicPath, resolveRoute, routeLabel, routeTableFrom } from './route-table';

describe('route table', () => {
  const table = routeTableFrom({
    '/v1/registrations': { post: { requestBody: {} } },
    '/v1/registrations/{customerId}': { get: {}, head: {}, delete: {}, parameters: [] },
    '/health/live': { get: {} },
  });

  it('lists the methods of each /v1 path, HEAD wherever GET is, and which take a body', () => {
    expect(table.map((r) => [r.template, r.methods, r.bodyMethods])).toEqual([
      ['/v1/registrations', ['POST'], ['POST']],
      ['/v1/registrations/{customerId}', ['GET', 'HEAD', 'DELETE'], []],
    ]);
  });

  it('finds a route, decodes its parameter and says whether it takes a body', () => {
    expect(resolveRoute(table, 'get', '/v1/registrations/C%2D1')).toMatchObject({
      kind: 'found',
      params: { customerId: 'C-1' },
      takesBody: false,
    });
    expect(resolveRoute(table, 'POST', '/v1/registrations/')).toMatchObject({ kind: 'found', takesBody: true });
  });

  it('answers an unknown path with not-found', () => {
    for (const path of [
      '/v1/registration',
      '/v1/registrations/a/b',
      '/v1/registrations//',
      '/V1/registrations',
      '/v1',
      '/',
    ]) {
      expect(resolveRoute(table, 'GET', path).kind).toBe('not-found');
    }
  });

  it('answers a known path with another method with the methods it allows', () => {
    expect(resolveRoute(table, 'PUT', '/v1/registrations/C-1')).toMatchObject({
      kind: 'method-not-allowed',
      allow: ['GET', 'HEAD', 'DELETE'],
    });
    expect(resolveRoute(table, 'OPTIONS', '/v1/registrations')).toMatchObject({
      kind: 'method-not-allowed',
      allow: ['POST'],
    });
    // The method is judged before the path's encoding.
    expect(resolveRoute(table, 'PATCH', '/v1/registrations/%ff').kind).toBe('method-not-allowed');
  });

  it('names the parameter whose percent-encoding is not UTF-8', () => {
    expect(resolveRoute(table, 'GET', '/v1/registrations/%ff')).toMatchObject({
      kind: 'undecodable',
      param: 'customerId',
    });
    expect(resolveRoute(table, 'DELETE', '/v1/registrations/%ED%A0%80')).toMatchObject({
      kind: 'undecodable',
      param: 'customerId',
    });
  });

  it('serves only health probes and the document without a key', () => {
    expect(['/health/live', '/health/ready', '/docs', '/docs/swagger-ui.css', '/docs-json'].every(isPublicPath)).toBe(
      true,
    );
    expect(['/v1/registrations', '/health', '/docsx', '/', '/HEALTH/live'].some(isPublicPath)).toBe(false);
  });

  it('counts a request under its route template, a fixed path, or unmatched; never under the raw path', () => {
    expect(routeLabel(table, 'GET', '/v1/registrations/C-1')).toBe('/v1/registrations/{customerId}');
    expect(routeLabel(table, 'PUT', '/v1/registrations/C-1')).toBe('/v1/registrations/{customerId}');
    expect(routeLabel(table, 'POST', '/v1/registrations/')).toBe('/v1/registrations');
    expect(routeLabel(table, 'GET', '/metrics')).toBe('/metrics');
    expect(routeLabel(table, 'GET', '/health/ready')).toBe('/health/ready');
    expect(routeLabel(table, 'GET', '/docs/swagger-ui.css')).toBe('/docs/*');
    for (const path of ['/v1/registrations/C-1/x', '/admin', '/metrics/x', '/'])
      expect(routeLabel(table, 'GET', path)).toBe('unmatched');
  });

  it('lets /metrics past the agent key (the ops guard checks it), and nothing under it', () => {
    expect(isPublicPath('/metrics')).toBe(true);
    expect(isPublicPath('/metrics/x')).toBe(false);
  });
});
