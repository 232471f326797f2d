import { Logger } from '@nestjs/common';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGE_COOKIE, translator } from '../i18n/i18n';
import { csrfTokenMatches } from '../sessions/session';
import { Sessions } from '../sessions/sessions';
import { parseCookies, serializeCookie, SESSION_COOKIE } from './cookies';
import { ConsoleRequest, ConsoleResponse, Next } from './http-types';
import { sendError } from './respond';

function isPublic(path: string): boolean {
  return (
    path === '/sign-in' ||
    path.startsWith('/sign-in/') ||
    path.startsWith('/assets/') ||
    path.startsWith('/language/') ||
    path === '/favicon.ico' ||
    path === '/health/live' ||
    path === '/health/ready'
  );
}

/**
 * Runs before every controller: picks the language, resumes the session from its cookie, and refuses
 * what must not go on. No session: a page request is sent to sign-in (303), anything else gets 401.
 * A POST whose synchronizer token is not the session's: 403. Agents' pages for agents, ops pages for ops.
 */
export function sessionMiddleware(sessions: Sessions, secureCookie: boolean) {
  const log = new Logger('Sessions');
  return (req: ConsoleRequest, res: ConsoleResponse, next: Next): void => {
    void (async () => {
      const cookies = parseCookies(req.headers.cookie);
      const language = isLanguage(cookies[LANGUAGE_COOKIE]) ? cookies[LANGUAGE_COOKIE] : DEFAULT_LANGUAGE;
      req.ctx = { language, t: translator(language), session: null, path: req.originalUrl };
      const sessionId = cookies[SESSION_COOKIE];
      if (sessionId) {
        req.ctx.session = await sessions.resume(sessionId);
        if (req.ctx.session) req.sessionId = sessionId;
        else
          res.append(
            'Set-Cookie',
            serializeCookie(SESSION_COOKIE, '', { httpOnly: true, secure: secureCookie, maxAge: 0 }),
          );
      }
      if (isPublic(req.path)) return next();
      const { session, t } = req.ctx;
      if (session === null) {
        if (req.method === 'GET' || req.method === 'HEAD') {
          const expired = sessionId ? '&expired=1' : '';
          return res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}${expired}`);
        }
        return sendError(res, 401, req.ctx, t('sessionExpired'));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const submitted = (req.body as Record<string, unknown> | undefined)?._csrf;
        if (!csrfTokenMatches(session.csrfToken, submitted)) return sendError(res, 403, req.ctx, t('csrfRefused'));
      }
      const area =
        req.path === '/ops' || req.path.startsWith('/ops/')
          ? 'ops'
          : req.path.startsWith('/customers')
            ? 'agent'
            : null;
      if (area !== null && area !== session.principal.kind) return sendError(res, 403, req.ctx, t('forbiddenArea'));
      next();
    })().catch((error: Error) => {
      // The session store unreachable: no page can be served safely.
      log.error({ message: 'session lookup failed', error: error.message });
      next(error);
    });
  };
}

/** Security headers on every answer: own assets only, no framing, no caching of pages with data. */
export function securityHeaders(_req: ConsoleRequest, res: ConsoleResponse, next: Next): void {
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; " +
      "frame-ancestors 'none'; base-uri 'none'; connect-src 'self'",
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', 'no-store');
  next();
}
