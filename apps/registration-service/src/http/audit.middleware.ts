import { Logger } from '@nestjs/common';
import { auditEntryFor } from '../audit/audit-entry.factory';
import { AuditTrail } from '../audit/audit-trail.port';
import { HttpRequest, HttpResponse, Next } from './express-types';

export const AUDIT_OUTCOME = 'auditOutcome';

/**
 * Registered before the body parser, so every API call is audited once it is answered, refusals
 * included (401, 400, 413, 422, 503). A failing audit write is logged, never turned into a 500.
 */
export function auditMiddleware(trail: AuditTrail) {
  const log = new Logger('Audit');
  return (req: HttpRequest, res: HttpResponse, next: Next): void => {
    const path = req.path;
    if (!path.startsWith('/v1/')) return next();
    res.on('finish', () => {
      const entry = auditEntryFor({ method: req.method, path, body: req.body, agentId: req.agentId, status: res.statusCode, outcome: res.locals[AUDIT_OUTCOME] as string | undefined }, new Date());
      trail.record(entry).catch((error: Error) => log.error({ message: 'audit write failed', error: error.message, entry }));
    });
    next();
  };
}
