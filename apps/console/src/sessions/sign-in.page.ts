import { html, SafeHtml } from '../views/html';
import { notice } from '../views/layout';
import { PageContext } from '../views/page-context';

export type SignInNotice = 'expired' | 'signed-out' | 'wrong-credentials' | 'unavailable' | 'form-expired';

export interface SignInView {
  token: string;
  next: string;
  agentId: string;
  shown: SignInNotice | null;
}

/** Two forms: an agent (agent id + API key) and ops (ops token). Secrets are never echoed back into a page. */
export function signInPage(ctx: PageContext, v: SignInView): SafeHtml {
  const { t } = ctx;
  const shown =
    v.shown === 'expired'
      ? notice('error', t('sessionExpired'))
      : v.shown === 'signed-out'
        ? notice('ok', t('signedOut'))
        : v.shown === 'wrong-credentials'
          ? notice('error', t('wrongCredentials'))
          : v.shown === 'unavailable'
            ? notice('error', t('signInUnavailable'))
            : v.shown === 'form-expired'
              ? notice('error', t('csrfRefused'))
              : '';
  const hidden = html`<input type="hidden" name="_signIn" value="${v.token}" />
    <input type="hidden" name="next" value="${v.next}" />`;
  return html`${shown}
    <section aria-labelledby="agent-heading">
      <h2 id="agent-heading">${t('signInAgentHeading')}</h2>
      <form method="post" action="/sign-in/agent">
        ${hidden}
        <label for="agentId">${t('agentId')}</label>
        <input type="text" id="agentId" name="agentId" required autocomplete="username" value="${v.agentId}" />
        <label for="apiKey">${t('apiKey')}</label>
        <p class="hint" id="apiKey-hint">${t('apiKeyHint')}</p>
        <input
          type="password"
          id="apiKey"
          name="apiKey"
          required
          autocomplete="current-password"
          aria-describedby="apiKey-hint"
        />
        <div><button type="submit">${t('signIn')}</button></div>
      </form>
    </section>
    <section aria-labelledby="ops-heading">
      <h2 id="ops-heading">${t('signInOpsHeading')}</h2>
      <form method="post" action="/sign-in/ops">
        ${hidden}
        <label for="token">${t('opsToken')}</label>
        <input type="password" id="token" name="token" required autocomplete="off" />
        <div><button type="submit">${t('signIn')}</button></div>
      </form>
    </section>`;
}
