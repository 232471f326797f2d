import { randomBytes } from 'node:crypto';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CONSOLE_CONFIG, ConsoleConfig } from '../config/console.config';
import { isLanguage, LANGUAGE_COOKIE } from '../i18n/i18n';
import { parseCookies, serializeCookie, SESSION_COOKIE, SIGN_IN_COOKIE } from '../http/cookies';
import { ConsoleRequest, ConsoleResponse } from '../http/http-types';
import { field, localPath, sendPage } from '../http/respond';
import { html } from '../views/html';
import { signInPage, SignInNotice } from './sign-in.page';
import { csrfTokenMatches } from './session';
import { Sessions } from './sessions';
import { SignInAgentUseCase, SignInOutcome } from './sign-in-agent.use-case';
import { SignInOpsUseCase } from './sign-in-ops.use-case';

/** Sign-in, sign-out, the home redirect and the language switch. */
@Controller()
export class SessionsController {
  constructor(
    private readonly signInAgent: SignInAgentUseCase,
    private readonly signInOps: SignInOpsUseCase,
    private readonly sessions: Sessions,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  @Get()
  home(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): void {
    res.redirect(303, req.ctx.session?.principal.kind === 'ops' ? '/ops' : '/customers');
  }

  @Get('sign-in')
  form(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): void {
    if (req.ctx.session) return res.redirect(303, localPath(req.query.next, '/'));
    const shown: SignInNotice | null =
      field(req.query, 'expired') === '1' ? 'expired' : field(req.query, 'signedOut') === '1' ? 'signed-out' : null;
    this.render(req, res, 200, shown);
  }

  @Post('sign-in/agent')
  async agent(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): Promise<void> {
    if (!this.signInTokenMatches(req)) return this.render(req, res, 403, 'form-expired');
    const outcome = await this.signInAgent.execute(field(req.body, 'agentId'), field(req.body, 'apiKey'));
    this.finish(req, res, outcome);
  }

  @Post('sign-in/ops')
  async ops(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): Promise<void> {
    if (!this.signInTokenMatches(req)) return this.render(req, res, 403, 'form-expired');
    this.finish(req, res, await this.signInOps.execute(field(req.body, 'token')));
  }

  @Post('sign-out')
  async signOut(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): Promise<void> {
    if (req.sessionId) await this.sessions.close(req.sessionId);
    res.append('Set-Cookie', this.cookie(SESSION_COOKIE, '', 0));
    res.redirect(303, '/sign-in?signedOut=1');
  }

  @Get('language/:language')
  language(@Param('language') language: string, @Req() req: ConsoleRequest, @Res() res: ConsoleResponse): void {
    if (isLanguage(language)) res.append('Set-Cookie', this.cookie(LANGUAGE_COOKIE, language, 365 * 24 * 3600));
    res.redirect(303, localPath(req.query.back, '/'));
  }

  private finish(req: ConsoleRequest, res: ConsoleResponse, outcome: SignInOutcome): void {
    switch (outcome.kind) {
      case 'signed-in':
        // A browser-session cookie holding only the random id; the server ends the session at its expiry.
        res.append('Set-Cookie', this.cookie(SESSION_COOKIE, outcome.sessionId));
        res.append('Set-Cookie', this.cookie(SIGN_IN_COOKIE, '', 0));
        return res.redirect(303, localPath(field(req.body, 'next'), '/'));
      case 'wrong-credentials':
        return this.render(req, res, 401, 'wrong-credentials');
      case 'unavailable':
        return this.render(req, res, 503, 'unavailable');
    }
  }

  // Before there is a session, a double-submit token (cookie = field) keeps other sites from signing
  // someone in under an account of theirs.
  private signInTokenMatches(req: ConsoleRequest): boolean {
    const expected = parseCookies(req.headers.cookie)[SIGN_IN_COOKIE];
    return expected !== undefined && csrfTokenMatches(expected, (req.body as Record<string, unknown>)?._signIn);
  }

  private render(req: ConsoleRequest, res: ConsoleResponse, status: number, shown: SignInNotice | null): void {
    // Kept while the browser has one: another tab (or a favicon request) must not void the form shown here.
    const kept = parseCookies(req.headers.cookie)[SIGN_IN_COOKIE];
    const token = kept && /^[A-Za-z0-9_-]{32}$/.test(kept) ? kept : randomBytes(24).toString('base64url');
    res.append('Set-Cookie', this.cookie(SIGN_IN_COOKIE, token));
    const next = localPath(field(req.query, 'next') || field(req.body, 'next'), '/');
    const agentId = field(req.body, 'agentId');
    sendPage(res, status, req.ctx, req.ctx.t('signIn'), html`${signInPage(req.ctx, { token, next, agentId, shown })}`);
  }

  private cookie(name: string, value: string, maxAge?: number): string {
    return serializeCookie(name, value, { httpOnly: true, secure: this.config.sessions.secureCookie, maxAge });
  }
}
