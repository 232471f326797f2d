import { Logger } from '@nestjs/common';
import { AUDIT_OUTCOME } from '../http/audit.middleware';
import { HttpRequest, HttpResponse, Next } from '../http/express-types';
import { isPublicPath } from '../http/route-table';
import { presentedKey } from './api-key.guard';
import { AuthenticateAgentUseCase } from './authenticate-agent.use-case';

export const UNAUTHORIZED_BODY = { statusCode: 401, message: 'Unauthorized' };

/**
 * The first thing every call that is not a health probe or the document meets: only the headers are
 * read, so a caller without a valid key gets 401 whatever its body, path or method, and nothing of
 * the request is parsed for them. The agent it finds becomes `req.agentId`.
 */
export function apiKeyMiddleware(authenticate: AuthenticateAgentUseCase) {
  const log = new Logger('Authentication');
  return (req: HttpRequest, res: HttpResponse, next: Next): void => {
    if (isPublicPath(req.path)) return next();
    authenticate.execute(presentedKey(req.headers)).then(
      (agentId) => {
        if (agentId === null) {
          res.setHeader('WWW-Authenticate', 'Bearer');
          res.status(401).json(UNAUTHORIZED_BODY);
          return;
        }
        req.agentId = agentId;
        next();
      },
      (error: Error) => {
        // The key store is PostgreSQL: a dependency that is down, not a fault of the caller.
        log.error({ message: 'could not check an API key', error: error.message });
        res.locals[AUDIT_OUTCOME] = 'AUTHENTICATION_UNAVAILABLE';
        res.status(503).json({
          statusCode: 503,
          code: 'AUTHENTICATION_UNAVAILABLE',
          message: 'the API key could not be checked; try again shortly',
        });
      },
    );
  };
}
