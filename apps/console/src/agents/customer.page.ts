import { MessageKey } from '../i18n/messages.en';
import { html, SafeHtml } from '../views/html';
import { csrfField, formatInstant, notice } from '../views/layout';
import { PageContext } from '../views/page-context';
import { Refusal, refusalKey } from './refusal';
import { CHANNELS, Channel, CustomerContracts, RegistrationState } from './registration-api.port';

export type Done = 'registered' | 'replaced' | 'already-active' | 'revoked';
const DONE_KEYS: Record<Done, MessageKey> = {
  registered: 'registered',
  replaced: 'replaced',
  'already-active': 'alreadyActive',
  revoked: 'revoked',
};

export function isDone(value: string): value is Done {
  return Object.hasOwn(DONE_KEYS, value);
}

export interface RegisterFormValues {
  memberNumber: string;
  channel: Channel | '';
}

export function searchForm(ctx: PageContext, customerId: string): SafeHtml {
  const { t } = ctx;
  return html`<form method="get" action="/customers" role="search">
    <label for="customerId">${t('customerId')}</label>
    <p class="hint" id="customerId-hint">${t('customerIdHint')}</p>
    <input
      type="text"
      id="customerId"
      name="customerId"
      required
      maxlength="128"
      value="${customerId}"
      aria-describedby="customerId-hint"
    />
    <button type="submit">${t('find')}</button>
  </form>`;
}

export function refusalNotice(ctx: PageContext, refusal: Refusal, heading?: string): SafeHtml {
  const text =
    refusal.reason === 'INVALID'
      ? ctx.t('refusalINVALID', { fields: refusal.fields.map((f) => f.message).join('; ') })
      : ctx.t(refusalKey(refusal));
  return notice('error', text, heading);
}

export interface CustomerView {
  contracts: CustomerContracts;
  registration: RegistrationState;
  done: Done | null;
  refusal: Refusal | null;
  form: RegisterFormValues;
}

export function customerPage(ctx: PageContext, customerId: string, v: CustomerView): SafeHtml {
  const { t } = ctx;
  const current = v.registration.current;
  return html`${searchForm(ctx, customerId)} ${v.done && notice('ok', t(DONE_KEYS[v.done]))}
    ${v.refusal && refusalNotice(ctx, v.refusal, t('refusedHeading'))}
    <section aria-labelledby="contracts-heading">
      <h2 id="contracts-heading">${t('contracts')}</h2>
      <p>${v.contracts.customerRelationship ? t('relationshipYes') : t('relationshipNo')}</p>
      ${
        v.contracts.contracts.length === 0
          ? html`<p>${t('noContracts')}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">${t('contractId')}</th>
                  <th scope="col">${t('contractStatus')}</th>
                  <th scope="col">${t('signer')}</th>
                  <th scope="col">${t('since')}</th>
                </tr>
              </thead>
              <tbody>
                ${v.contracts.contracts.map(
                  (c) =>
                    html`<tr>
                      <td>${c.contractId}</td>
                      <td>${t(`status${c.status}`)}</td>
                      <td>${c.signerCustomerId}</td>
                      <td>${formatInstant(c.changedAt)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>
    <section aria-labelledby="registration-heading">
      <h2 id="registration-heading">${t('registration')}</h2>
      <p id="registration-status">
        ${
          current
            ? t('regACTIVE', {
                member: current.memberNumberMasked,
                household: current.householdId,
                since: formatInstant(current.effectiveAt),
                channel: t(`channel${current.channel}`),
                by: current.recordedBy,
              })
            : t(`reg${v.registration.status}`)
        }
      </p>
      ${
        current &&
        html`<a class="button secondary" href="/customers/${encodeURIComponent(customerId)}/revoke">${t('revoke')}</a>`
      }
    </section>
    ${registerForm(ctx, customerId, v.form)}
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">${t('history')}</h2>
      ${historyTable(ctx, v.registration)}
    </section>`;
}

function registerForm(ctx: PageContext, customerId: string, form: RegisterFormValues): SafeHtml {
  const { t } = ctx;
  return html`<section aria-labelledby="register-heading">
    <h2 id="register-heading">${t('registerHeading')}</h2>
    <form method="post" action="/customers/${encodeURIComponent(customerId)}/register">
      ${csrfField(ctx)}
      <label for="memberNumber">${t('memberNumberLabel')}</label>
      <p class="hint" id="memberNumber-hint">${t('memberNumberHint')}</p>
      <input
        type="text"
        id="memberNumber"
        name="memberNumber"
        required
        inputmode="numeric"
        autocomplete="off"
        pattern="\\d{10}"
        maxlength="14"
        value="${form.memberNumber}"
        aria-describedby="memberNumber-hint"
        title="${t('memberNumberInvalid')}"
        data-member-number
        data-invalid-message="${t('memberNumberInvalid')}"
      />
      <label for="channel">${t('channelLabel')}</label>
      ${channelSelect(ctx, 'channel', form.channel)}
      <h3>${t('consentHeading')}</h3>
      <p class="consent" id="consent-text">${t('consentText')}</p>
      <p class="check">
        <input type="checkbox" id="consent" name="consent" value="yes" required aria-describedby="consent-text" />
        <label for="consent">${t('consentConfirm')}</label>
      </p>
      <button type="submit">${t('register')}</button>
    </form>
  </section>`;
}

export function channelSelect(ctx: PageContext, id: string, selected: Channel | ''): SafeHtml {
  return html`<select id="${id}" name="channel" required>
    ${CHANNELS.map(
      (c) => html`<option value="${c}" ${c === selected ? html` selected` : ''}>${ctx.t(`channel${c}`)}</option>`,
    )}
  </select>`;
}

function historyTable(ctx: PageContext, registration: RegistrationState): SafeHtml {
  const { t } = ctx;
  if (registration.history.length === 0) return html`<p>${t('noHistory')}</p>`;
  return html`<table id="history">
    <thead>
      <tr>
        <th scope="col">${t('when')}</th>
        <th scope="col">${t('event')}</th>
        <th scope="col">${t('memberNumber')}</th>
        <th scope="col">${t('household')}</th>
        <th scope="col">${t('channel')}</th>
        <th scope="col">${t('by')}</th>
      </tr>
    </thead>
    <tbody>
      ${registration.history.map(
        (e) =>
          html`<tr>
            <td>${formatInstant(e.effectiveAt)}</td>
            <td>${t(`event${e.eventType}`)}</td>
            <td>${e.memberNumberMasked}</td>
            <td>${e.householdId}</td>
            <td>${t(`channel${e.channel}`)}</td>
            <td>${e.recordedBy}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function revokePage(ctx: PageContext, customerId: string, refusal: Refusal | null): SafeHtml {
  const { t } = ctx;
  const back = `/customers?customerId=${encodeURIComponent(customerId)}`;
  return html`${refusal && refusalNotice(ctx, refusal)}
    <p>${t('revokeExplain')}</p>
    <form method="post" action="/customers/${encodeURIComponent(customerId)}/revoke">
      ${csrfField(ctx)}
      <label for="revoke-channel">${t('revokeChannelLabel')}</label>
      ${channelSelect(ctx, 'revoke-channel', '')}
      <div>
        <button type="submit" class="danger">${t('revokeConfirm')}</button>
        <a class="button secondary" href="${back}">${t('cancel')}</a>
      </div>
    </form>`;
}
