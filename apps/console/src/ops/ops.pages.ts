import { UpstreamAnswer } from '../infrastructure/upstream-http';
import { knownKey } from '../i18n/i18n';
import { html, SafeHtml } from '../views/html';
import { csrfField, formatInstant, notice } from '../views/layout';
import { PageContext } from '../views/page-context';
import { barChart, lineChart } from './charts/svg-chart';
import { MetricsSampler } from './metrics/metrics-sampler';
import { DeadLetterDetail, DeadLetterFilter, DeadLetterPage, RedriveResult } from './pipeline-api.port';

export type Failure = Exclude<UpstreamAnswer<unknown>, { kind: 'ok' }>;

/** What went wrong calling the pipeline, in words (and the status the console answers with). */
export function failureNotice(ctx: PageContext, failure: Failure): { status: number; body: SafeHtml } {
  const { t } = ctx;
  switch (failure.kind) {
    case 'unauthorized':
      return { status: 401, body: notice('error', t('sessionExpired')) };
    case 'forbidden':
      return { status: 403, body: notice('error', t('opsForbidden')) };
    case 'unreachable':
      return { status: 503, body: notice('error', t('opsUnavailable', { reason: failure.reason })) };
    case 'refused':
      // Nest's own 404 ("Cannot GET …") means the route is not there at all, not that a row is missing.
      if (failure.status === 404 && /^Cannot (GET|POST) /.test(failure.message))
        return { status: 501, body: notice('error', t('opsEndpointMissing')) };
      if (failure.status === 404) return { status: 404, body: notice('error', t('opsNotFound')) };
      return { status: failure.status, body: notice('error', t('opsRefused', { message: failure.message })) };
  }
}

export function dashboardPage(ctx: PageContext, sampler: MetricsSampler, sampleSeconds: number): SafeHtml {
  const { t } = ctx;
  const h = sampler.history;
  const noData = t('chartNoData');
  const status = !sampler.enabled
    ? notice('error', t('noMetricsToken'))
    : h.last === null
      ? notice('ok', t('noSamples', { seconds: sampleSeconds }))
      : html`<p>${t('lastSample', { at: formatInstant(h.last.at.toISOString()), count: h.all.length })}</p>`;
  return html`${status}
    ${sampler.lastFailure && notice('error', t('metricsUnreachable', { reason: sampler.lastFailure }))}
    <div class="charts">
      ${lineChart(t('throughput'), [{ ...h.rate('bonus_inputs_total'), name: t('throughput') }], noData)}
      ${lineChart(t('lag'), h.gaugeBy('kafka_consumer_lag', 'topic'), noData)}
      ${barChart(t('decisionsByReason'), h.increaseBy('bonus_decisions_total', 'reason'), noData)}
      ${barChart(t('deadLettersByCode'), h.increaseBy('bonus_dead_letters_total', 'code'), noData)}
      ${barChart(t('purchasesByType'), h.increaseBy('bonus_purchases_total', 'event_type'), noData)}
    </div>`;
}

function input(id: string, label: string, value: string | undefined, type = 'text'): SafeHtml {
  return html`<div>
    <label for="${id}">${label}</label> <input type="${type}" id="${id}" name="${id}" value="${value ?? ''}" />
  </div>`;
}

export function deadLettersPage(ctx: PageContext, filter: DeadLetterFilter, page: DeadLetterPage): SafeHtml {
  const { t } = ctx;
  const older = new URLSearchParams(
    Object.entries({ ...filter, before: page.next ?? '' }).filter((e): e is [string, string] => !!e[1]),
  );
  return html`<form method="get" action="/ops/dead-letters" aria-label="${t('filter')}">
      ${input('sourceTopic', t('sourceTopic'), filter.sourceTopic)} ${input('code', t('code'), filter.code)}
      ${input('since', t('sinceField'), filter.since)} ${input('until', t('untilField'), filter.until)}
      <button type="submit">${t('filter')}</button>
    </form>
    ${
      page.items.length === 0
        ? html`<p>${t('noDeadLetters')}</p>`
        : html`<form method="post" action="/ops/dead-letters/redrive">
            ${csrfField(ctx)}
            <table id="dead-letters">
              <thead>
                <tr>
                  <th scope="col">
                    <input type="checkbox" id="select-all" data-select-all aria-label="${t('select')}" />
                  </th>
                  <th scope="col">${t('recordedAt')}</th>
                  <th scope="col">${t('source')}</th>
                  <th scope="col">${t('code')}</th>
                  <th scope="col">${t('message')}</th>
                  <th scope="col">${t('redrives')}</th>
                </tr>
              </thead>
              <tbody>
                ${page.items.map(
                  (d) =>
                    html`<tr>
                      <td>
                        <input
                          type="checkbox"
                          name="ids"
                          value="${d.id}"
                          id="dl-${d.id}"
                          aria-label="${t('select')} ${d.id}"
                        />
                      </td>
                      <td>
                        <a href="/ops/dead-letters/${encodeURIComponent(d.id)}">${formatInstant(d.recordedAt)}</a>
                      </td>
                      <td>${d.sourceTopic} [${d.sourcePartition}] @${d.sourceOffset}</td>
                      <td>${d.code}</td>
                      <td>${d.message}</td>
                      <td>${d.redriveCount}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
            <button type="submit">${t('redriveSelected')}</button>
          </form>`
    }
    ${page.next && html`<p><a href="/ops/dead-letters?${older.toString()}">${t('nextPage')}</a></p>`}`;
}

export function deadLetterPage(ctx: PageContext, d: DeadLetterDetail): SafeHtml {
  const { t } = ctx;
  const { rawValue, rawValueEncoding, rawValueBytes, fields, ...rest } = d;
  return html`<form method="post" action="/ops/dead-letters/redrive">
      ${csrfField(ctx)}
      <input type="hidden" name="ids" value="${d.id}" />
      <button type="submit">${t('redrive')}</button>
    </form>
    <section>
      <h2>${t('detail')}</h2>
      ${value(rest)}
    </section>
    <section>
      <h2>${t('fields')}</h2>
      ${value(fields)}
    </section>
    <section>
      <h2>${t('rawValue')} (${rawValueEncoding}, ${rawValueBytes} B)</h2>
      <pre>${rawValue ?? ''}</pre>
    </section>`;
}

export function redriveResultsPage(ctx: PageContext, results: RedriveResult[]): SafeHtml {
  const { t } = ctx;
  return html`<table id="redrive-results">
      <thead>
        <tr>
          <th scope="col">Id</th>
          <th scope="col">${t('outcome')}</th>
          <th scope="col">${t('code')}</th>
          <th scope="col">${t('message')}</th>
        </tr>
      </thead>
      <tbody>
        ${results.map((r) => {
          const key = `outcome${r.outcome}`;
          return html`<tr>
            <td><a href="/ops/dead-letters/${encodeURIComponent(r.id)}">${r.id}</a></td>
            <td>${knownKey(key) ? t(key) : r.outcome}</td>
            <td>${r.code ?? ''}</td>
            <td>${r.message ?? ''}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    <p><a href="/ops/dead-letters">${t('navDeadLetters')}</a></p>`;
}

/** The parked rows, whatever their exact fields, each selectable by its id. */
export function parkedPage(ctx: PageContext, body: unknown): SafeHtml {
  const { t } = ctx;
  const rows = rowsOf(body);
  if (rows.length === 0) return html`<p>${t('noParked')}</p>`;
  const keys = columnsOf(rows);
  return html`<form method="post" action="/ops/outbox/parked/republish">
    ${csrfField(ctx)}
    <table id="parked">
      <thead>
        <tr>
          <th scope="col"><input type="checkbox" data-select-all aria-label="${t('select')}" /></th>
          ${keys.map((k) => html`<th scope="col">${k}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              <td>
                <input
                  type="checkbox"
                  name="ids"
                  value="${String(r.id ?? '')}"
                  aria-label="${t('select')} ${String(r.id ?? '')}"
                />
              </td>
              ${keys.map((k) => html`<td>${value(r[k])}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
    <button type="submit">${t('republishSelected')}</button>
  </form>`;
}

export function invoiceSearch(ctx: PageContext, invoiceId: string): SafeHtml {
  return html`<form method="get" action="/ops/invoices" role="search">
    ${input('invoiceId', ctx.t('invoiceId'), invoiceId)}
    <button type="submit">${ctx.t('explain')}</button>
  </form>`;
}

export function monthForm(ctx: PageContext, month: string): SafeHtml {
  const { t } = ctx;
  return html`<form method="get" action="/ops/reconciliation">
    <div>
      <label for="month">${t('month')}</label>
      <input
        type="text"
        id="month"
        name="month"
        value="${month}"
        required
        pattern="\\d{4}-(0[1-9]|1[0-2])"
        placeholder="2026-11"
      />
    </div>
    <button type="submit">${t('show')}</button>
    ${
      month &&
      html`<a
        class="button secondary"
        id="download-csv"
        href="/ops/reconciliation.csv?month=${encodeURIComponent(month)}"
        download
        >${t('downloadCsv')}</a
      >`
    }
  </form>`;
}

function rowsOf(body: unknown): Array<Record<string, unknown>> {
  const list = Array.isArray(body)
    ? body
    : ((body as { items?: unknown; rows?: unknown })?.items ?? (body as { rows?: unknown })?.rows);
  return Array.isArray(list)
    ? list.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
    : [];
}

function columnsOf(rows: Array<Record<string, unknown>>): string[] {
  return [...new Set(rows.flatMap((r) => Object.keys(r)))];
}

/**
 * Any JSON as markup, for answers whose exact fields belong to the pipeline (explanations, reports):
 * a list of objects is a table, an object a definition list, anything else its text. All of it escaped.
 */
export function value(v: unknown, depth = 0): SafeHtml {
  if (v === null || v === undefined) return html``;
  if (Array.isArray(v)) {
    if (v.length === 0) return html`—`;
    if (v.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r)) && depth < 6) {
      const rows = v as Array<Record<string, unknown>>;
      const keys = columnsOf(rows);
      return html`<table>
        <thead>
          <tr>
            ${keys.map((k) => html`<th scope="col">${k}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr>
                ${keys.map((k) => html`<td>${value(r[k], depth + 1)}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>`;
    }
    return html`${v.map((x, i) => html`${i > 0 ? ', ' : ''}${value(x, depth + 1)}`)}`;
  }
  if (typeof v === 'object' && depth < 6)
    return html`<dl>
      ${Object.entries(v as Record<string, unknown>).map(
        ([k, x]) =>
          html`<dt>${k}</dt>
            <dd>${value(x, depth + 1)}</dd>`,
      )}
    </dl>`;
  if (typeof v === 'object') return html`<code>${JSON.stringify(v)}</code>`;
  return html`${String(v)}`;
}
