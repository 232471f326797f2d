import { RegistrationMetrics } from '../metrics/registration-metrics';
import { HttpRequest, HttpResponse, Next } from './express-types';
import { ApiRoute, routeLabel } from './route-table';

/**
 * Registered before everything else, so every answer is counted, refusals by the key middleware and
 * the request gate included: by route template (see `routeLabel`), method and status, and timed.
 */
export function httpMetricsMiddleware(metrics: RegistrationMetrics, table: ApiRoute[]) {
  return (req: HttpRequest, res: HttpResponse, next: Next): void => {
    const started = performance.now();
    const { method, path } = req;
    res.on('finish', () =>
      metrics.request(routeLabel(table, method, path), method, res.statusCode, (performance.now() - started) / 1000),
    );
    next();
  };
}
