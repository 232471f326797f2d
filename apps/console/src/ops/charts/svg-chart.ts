import { html, SafeHtml } from '../../views/html';
import { Series } from '../metrics/metric-history';

const W = 480;
const H = 200;
const PAD = { left: 48, right: 12, top: 10, bottom: 24 };
const COLOURS = 6;

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1);
}

function clock(d: Date): string {
  return d.toISOString().slice(11, 16);
}

/**
 * A line chart of time series as inline SVG (no script, no external file): the y axis from 0 to the
 * largest value, the x axis over the series' time span. role=img with a text summary for screen readers.
 */
export function lineChart(title: string, series: Series[], noData: string): SafeHtml {
  const points = series.flatMap((s) => s.points);
  if (points.length === 0) return figure(title, html`<p>${noData}</p>`);
  const times = points.map((p) => p.at.getTime());
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const max = Math.max(...points.map((p) => p.value), 0) || 1;
  const x = (t: number) => PAD.left + ((t - t0) / Math.max(t1 - t0, 1)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const summary = series.map((s) => `${s.name}: ${round(s.points.at(-1)?.value ?? 0)}`).join(', ');
  const svg = html`<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${title}: ${summary}">
    <line class="axis" x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}"></line>
    <line class="axis" x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}"></line>
    <text x="${PAD.left - 4}" y="${PAD.top + 8}" text-anchor="end">${round(max)}</text>
    <text x="${PAD.left - 4}" y="${H - PAD.bottom}" text-anchor="end">0</text>
    <text x="${PAD.left}" y="${H - 6}">${clock(new Date(t0))}</text>
    <text x="${W - PAD.right}" y="${H - 6}" text-anchor="end">${clock(new Date(t1))} UTC</text>
    ${series.map(
      (s, i) =>
        html`<polyline
          class="s${i % COLOURS}"
          points="${s.points.map((p) => `${x(p.at.getTime()).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')}"
        ></polyline>`,
    )}
  </svg>`;
  return figure(title, html`${svg}${legend(series.map((s) => `${s.name} (${round(s.points.at(-1)?.value ?? 0)})`))}`);
}

/** Horizontal bars, largest first, each labelled with its count. */
export function barChart(title: string, bars: Array<{ label: string; value: number }>, noData: string): SafeHtml {
  if (bars.length === 0) return figure(title, html`<p>${noData}</p>`);
  const rowH = 22;
  const labelW = 200;
  const height = bars.length * rowH + 8;
  const max = Math.max(...bars.map((b) => b.value), 0) || 1;
  const barW = (v: number) => Math.max((v / max) * (W - labelW - 60), v > 0 ? 2 : 0);
  const summary = bars.map((b) => `${b.label}: ${round(b.value)}`).join(', ');
  return figure(
    title,
    html`<svg viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-label="${title}: ${summary}">
      ${bars.map(
        (b, i) =>
          html`<text x="${labelW - 6}" y="${i * rowH + 16}" text-anchor="end">${b.label || '—'}</text>
            <rect
              class="s${i % COLOURS}"
              x="${labelW}"
              y="${i * rowH + 4}"
              width="${barW(b.value).toFixed(1)}"
              height="${rowH - 8}"
            ></rect>
            <text x="${labelW + barW(b.value) + 6}" y="${i * rowH + 16}">${round(b.value)}</text>`,
      )}
    </svg>`,
  );
}

function figure(title: string, body: SafeHtml): SafeHtml {
  return html`<figure>
    <figcaption>${title}</figcaption>
    ${body}
  </figure>`;
}

function legend(names: string[]): SafeHtml {
  return html`<ul class="legend">
    ${names.map(
      (name, i) =>
        html`<li>
          <svg width="10" height="10" aria-hidden="true">
            <rect class="s${i % COLOURS}" width="10" height="10"></rect>
          </svg>
          ${name}
        </li>`,
    )}
  </ul>`;
}
