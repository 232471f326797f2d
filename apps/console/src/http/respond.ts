import { PageContext } from '../views/page-context';
import { SafeHtml } from '../views/html';
import { layout, notice } from '../views/layout';
import { ConsoleResponse } from './http-types';

export function sendPage(res: ConsoleResponse, status: number, ctx: PageContext, title: string, body: SafeHtml) {
  res
    .status(status)
    .type('text/html; charset=utf-8')
    .send(layout(ctx, title, body).value);
}

export function sendError(res: ConsoleResponse, status: number, ctx: PageContext, text: string): void {
  sendPage(res, status, ctx, text, notice('error', text));
}

/** Only a path on this console: never `//host` or `/\host`, which browsers take as another site. */
export function localPath(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && !/[\r\n]/.test(value) ? value : fallback;
}

/** A form or query value as one trimmed string ('' when absent or repeated). */
export function field(source: unknown, name: string): string {
  const value = (typeof source === 'object' && source !== null ? source : {}) as Record<string, unknown>;
  return typeof value[name] === 'string' ? (value[name] as string).trim() : '';
}

/** Every value of a repeated form field (checkboxes named `ids`). */
export function fields(source: unknown, name: string): string[] {
  const value = ((typeof source === 'object' && source !== null ? source : {}) as Record<string, unknown>)[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}
