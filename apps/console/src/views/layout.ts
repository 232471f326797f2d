import { LANGUAGES, Language } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages.en';
import { html, SafeHtml } from './html';
import { PageContext } from './page-context';

const AGENT_NAV: Array<[string, MessageKey]> = [['/customers', 'navCustomers']];
const OPS_NAV: Array<[string, MessageKey]> = [
  ['/ops', 'navDashboard'],
  ['/ops/dead-letters', 'navDeadLetters'],
  ['/ops/outbox/parked', 'navParked'],
  ['/ops/invoices', 'navInvoice'],
  ['/ops/reconciliation', 'navReconciliation'],
];

/** The page shell: skip link, header (navigation, language, sign-out), one <main>, the bundled CSS and JS. */
export function layout(ctx: PageContext, title: string, body: SafeHtml): SafeHtml {
  const { t, session } = ctx;
  const nav = session === null ? [] : session.principal.kind === 'agent' ? AGENT_NAV : OPS_NAV;
  const current = ctx.path.split('?')[0];
  const who =
    session === null
      ? null
      : session.principal.kind === 'agent'
        ? t('signedInAsAgent', { agentId: session.principal.agentId })
        : t('signedInAsOps');
  return html`<!doctype html>
    <html lang="${ctx.language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${t('appName')}</title>
        <link rel="stylesheet" href="/assets/console.css" />
        <script src="/assets/console.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">${t('skipToContent')}</a>
        <header>
          <span class="brand">${t('appName')}</span>
          ${
            nav.length > 0 &&
            html`<nav aria-label="${t('appName')}">
              <ul>
                ${nav.map(
                  ([href, key]) =>
                    html`<li>
                      <a href="${href}" ${current === href ? html` aria-current="page"` : ''}>${t(key)}</a>
                    </li>`,
                )}
              </ul>
            </nav>`
          }
          <div class="tools">
            ${languageSwitch(ctx)}
            ${
              session &&
              html`<span class="who">${who}</span>
                <form method="post" action="/sign-out" class="inline">
                  <input type="hidden" name="_csrf" value="${session.csrfToken}" />
                  <button type="submit">${t('signOut')}</button>
                </form>`
            }
          </div>
        </header>
        <main id="main" tabindex="-1">
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`;
}

function languageSwitch(ctx: PageContext): SafeHtml {
  const back = encodeURIComponent(ctx.path);
  return html`<nav class="languages" aria-label="${ctx.t('language')}">
    <ul>
      ${(Object.keys(LANGUAGES) as Language[]).map((language) =>
        language === ctx.language
          ? html`<li><span aria-current="true" lang="${language}">${LANGUAGES[language].langName}</span></li>`
          : html`<li>
              <a href="/language/${language}?back=${back}" lang="${language}">${LANGUAGES[language].langName}</a>
            </li>`,
      )}
    </ul>
  </nav>`;
}

/** A message box: role=status for news, role=alert for refusals, so screen readers announce it. */
export function notice(kind: 'ok' | 'error', text: string | SafeHtml, heading?: string): SafeHtml {
  return html`<div class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">
    ${heading ? html`<strong>${heading}</strong> ` : ''}${text}
  </div>`;
}

/** The hidden synchronizer token every POST form carries. */
export function csrfField(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.session?.csrfToken ?? ''}" />`;
}

export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d{3}Z$/, ' UTC');
}
