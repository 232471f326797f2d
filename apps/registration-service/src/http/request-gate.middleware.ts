import { badRequestBody, errorBody } from './error-body.factory';
import { HttpRequest, HttpResponse, Next } from './express-types';
import { mediaTypeFault } from './request-body.rules';
import { ApiRoute, isPublicPath, resolveRoute } from './route-table';

/**
 * Runs after authentication and before anything reads the body: unknown path → 404, a method the
 * path does not have → 405 with `Allow`, a path parameter that is not UTF-8 → 400 naming it, and a
 * body that is not JSON in UTF-8 → 415. Only operations that take a body get it parsed.
 */
export function requestGate(table: ApiRoute[]) {
  const paths = table.map((r) => r.template).join(', ');
  return (req: HttpRequest, res: HttpResponse, next: Next): void => {
    if (isPublicPath(req.path)) return next();
    const resolved = resolveRoute(table, req.method, req.path);
    switch (resolved.kind) {
      case 'not-found':
        res.status(404).json(errorBody(404, 'Not Found', `there is no such resource; the API has ${paths}`));
        return;
      case 'method-not-allowed': {
        const allow = resolved.allow.join(', ');
        res.setHeader('Allow', allow);
        res
          .status(405)
          .json(
            errorBody(
              405,
              'Method Not Allowed',
              `${req.method.slice(0, 16)} is not allowed on ${resolved.route.template}; allowed: ${allow}`,
            ),
          );
        return;
      }
      case 'undecodable': {
        const { param } = resolved;
        res
          .status(400)
          .json(
            badRequestBody([{ field: param, rule: 'encoding', message: `${param} must be percent-encoded UTF-8` }]),
          );
        return;
      }
      case 'found': {
        const fault = resolved.takesBody && hasBody(req) ? mediaTypeFault(header(req, 'content-type')) : null;
        if (fault !== null) {
          res.status(415).json(errorBody(415, 'Unsupported Media Type', fault));
          return;
        }
        req.takesJsonBody = resolved.takesBody;
        next();
      }
    }
  };
}

/** A body is present when it is chunked or has a non-zero length (an empty one is validated as `{}`). */
function hasBody(req: HttpRequest): boolean {
  const length = header(req, 'content-length');
  return header(req, 'transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}

function header(req: HttpRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
