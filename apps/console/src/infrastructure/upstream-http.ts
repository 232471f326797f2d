/** What a call to the registration API or the pipeline came to, before any page decides what to show. */
export type UpstreamAnswer<T> =
  | { kind: 'ok'; status: number; body: T }
  /** 4xx other than 401/403, and 503 with a code: the API refused, and said why. */
  | { kind: 'refused'; status: number; code: string | null; message: string; fields: FieldFault[] }
  | { kind: 'unauthorized' }
  | { kind: 'forbidden' }
  /** Not reachable, timed out, or failed (5xx without a refusal code). */
  | { kind: 'unreachable'; reason: string };

export interface FieldFault {
  field: string;
  rule: string;
  message: string;
}

export interface UpstreamCall {
  method?: 'GET' | 'POST' | 'DELETE';
  token: string;
  body?: unknown;
  timeoutMs: number;
  /** Answer the raw text instead of parsing JSON (Prometheus text, CSV). */
  raw?: boolean;
}

/** One HTTP call with a bearer credential and a bounded wait; never throws. */
export async function callUpstream<T>(baseUrl: string, path: string, call: UpstreamCall): Promise<UpstreamAnswer<T>> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${baseUrl}${path}`, {
      method: call.method ?? 'GET',
      headers: {
        authorization: `Bearer ${call.token}`,
        accept: call.raw ? '*/*' : 'application/json',
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(call.timeoutMs),
      redirect: 'error',
    });
    text = await res.text();
  } catch (error) {
    const e = error as Error;
    return { kind: 'unreachable', reason: e.name === 'TimeoutError' ? 'timed out' : transientReason(e) };
  }
  if (res.status === 401) return { kind: 'unauthorized' };
  if (res.status === 403) return { kind: 'forbidden' };
  const json = parseJson(text);
  if (res.ok) return { kind: 'ok', status: res.status, body: (call.raw ? text : json) as T };
  const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const code = typeof body.code === 'string' ? body.code : null;
  if (res.status >= 500 && code === null) return { kind: 'unreachable', reason: `answered ${res.status}` };
  return {
    kind: 'refused',
    status: res.status,
    code,
    message: Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? res.statusText),
    fields: Array.isArray(body.fields) ? (body.fields as FieldFault[]) : [],
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function transientReason(error: Error): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}
