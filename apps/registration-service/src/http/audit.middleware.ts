import { Logger } from '@nestjs/common';
import { auditEntryFor } from '../audit/audit-entry.factory';
import { AuditTrail } from '../audit/audit-trail.port';
import { HttpRequest, HttpResponse, Next } from './express-types';
import { isPublicPath } from './route-table';

export const AUDIT_OUTCOME = 'auditOutcome';
export const AUDIT_CHANNEL = 'auditChannel';

/**
 * Registered first, so every call that needs a key is audited once it is answered, refusals
 * included (401, 400, 404, 405, 413, 415, 422, 503). A failing audit write is logged, never
 * turned into an error answer.
 */
export function auditMiddleware(trail: AuditTrail) {
  const log = new Logger('Audit');
  return (req: HttpRequest, res: HttpResponse, next: Next): void => {
    const path = req.path;
    if (isPublicPath(path)) return next();
    res.on('finish', () => {
      const outcome = res.locals[AUDIT_OUTCOME] as string | undefined;
      const channel = res.locals[AUDIT_CHANNEL] as string | undefined;
      const { method, body, query, agentId } = req;
      const entry = auditEntryFor(
        { method, path, body, query, agentId, status: res.statusCode, outcome, channel },
        new Date(),
      );
      trail
        .record(entry)
        .catch((error: Error) => log.error({ message: 'audit write failed', error: error.message, entry }));
    });
    next();
  };
}
