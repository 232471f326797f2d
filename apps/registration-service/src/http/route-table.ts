/**
 * The API's routes as the OpenAPI document lists them, so the request gate (404, 405, path decoding)
 * and the document can never disagree about which paths and methods exist.
 */
export interface ApiRoute {
  /** OpenAPI path template, e.g. `/v1/registrations/{customerId}`. */
  template: string;
  segments: Array<{ literal: string } | { param: string }>;
  /** Upper-case methods, HEAD included wherever GET is (Express answers HEAD with the GET handler). */
  methods: string[];
  /** Methods whose operation takes a JSON request body. */
  bodyMethods: string[];
}

export type RouteResolution =
  | { kind: 'found'; route: ApiRoute; params: Record<string, string>; takesBody: boolean }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; route: ApiRoute; allow: string[] }
  | { kind: 'undecodable'; route: ApiRoute; param: string };

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'];

// The slice of an OpenAPI paths object this reads: operations by lower-case method.
type PathItems = Record<string, object | undefined>;

export function routeTableFrom(paths: PathItems, prefix = '/v1/'): ApiRoute[] {
  return Object.entries(paths)
    .filter(([template]) => template.startsWith(prefix))
    .map(([template, item]) => {
      const operations = Object.entries(item ?? {}).filter(([m]) => METHOD_ORDER.includes(m.toUpperCase()));
      const declared = operations.map(([m]) => m.toUpperCase());
      const methods = METHOD_ORDER.filter((m) => declared.includes(m) || (m === 'HEAD' && declared.includes('GET')));
      const bodyMethods = operations
        .filter(([, op]) => (op as { requestBody?: unknown })?.requestBody)
        .map(([m]) => m.toUpperCase());
      const segments = template
        .split('/')
        .slice(1)
        .map((s) => (/^\{(.+)\}$/.test(s) ? { param: s.slice(1, -1) } : { literal: s }));
      return { template, segments, methods, bodyMethods };
    });
}

/** Resolves the raw (still percent-encoded) path: unknown → 404, other method → 405, bad encoding → 400. */
export function resolveRoute(table: ApiRoute[], method: string, rawPath: string): RouteResolution {
  // One trailing slash is tolerated, as Express's non-strict routing does.
  const path = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  const parts = path.split('/').slice(1);
  const route = table.find(
    (r) =>
      r.segments.length === parts.length &&
      r.segments.every((s, i) => ('literal' in s ? s.literal === parts[i] : parts[i] !== '')),
  );
  if (!route) return { kind: 'not-found' };
  const upper = method.toUpperCase();
  if (!route.methods.includes(upper)) return { kind: 'method-not-allowed', route, allow: route.methods };
  const params: Record<string, string> = {};
  for (const [i, s] of route.segments.entries()) {
    if ('literal' in s) continue;
    const decoded = safeDecode(parts[i]);
    if (decoded === null) return { kind: 'undecodable', route, param: s.param };
    params[s.param] = decoded;
  }
  return { kind: 'found', route, params, takesBody: route.bodyMethods.includes(upper) };
}

/**
 * Served without an agent's key: health probes, the OpenAPI document, and `/metrics` (an ops
 * endpoint: OpsAccessGuard asks for an ops token there). Everything else needs a key.
 */
export function isPublicPath(path: string): boolean {
  return (
    path === '/health/live' ||
    path === '/health/ready' ||
    path === '/metrics' ||
    path === '/docs' ||
    path.startsWith('/docs/') ||
    path === '/docs-json' ||
    path === '/docs-yaml'
  );
}

/** The paths outside the API's table that are served; each is its own route in the metrics. */
const FIXED_ROUTES = new Set(['/health/live', '/health/ready', '/metrics', '/docs', '/docs-json', '/docs-yaml']);

/**
 * The route a request is counted under: the API's path template, a fixed path, or `unmatched`;
 * never the raw path, whose values (customer ids, anything a caller sends) have no bound.
 */
export function routeLabel(table: ApiRoute[], method: string, rawPath: string): string {
  const resolved = resolveRoute(table, method, rawPath);
  if (resolved.kind !== 'not-found') return resolved.route.template;
  if (FIXED_ROUTES.has(rawPath)) return rawPath;
  return rawPath.startsWith('/docs/') ? '/docs/*' : 'unmatched';
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
