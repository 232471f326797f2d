import { request as httpRequest, Agent } from 'node:http';

/** mulberry32: a small seeded PRNG, so a failing run can be repeated exactly with its seed. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// Every kind of code point: controls, NUL, ASCII, Latin-1, combining marks, bidi overrides,
// zero-width, CJK, private use, noncharacters, astral emoji, and lone surrogates.
const UNICODE_RANGES: Array<[number, number]> = [
  [0x00, 0x1f],
  [0x20, 0x7e],
  [0x7f, 0x9f],
  [0xa0, 0xff],
  [0x300, 0x36f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
  [0x4e00, 0x9fff],
  [0xe000, 0xf8ff],
  [0xfdd0, 0xfdef],
  [0xfeff, 0xfeff],
  [0xfffe, 0xffff],
  [0x1f600, 0x1f64f],
  [0x10ffff, 0x10ffff],
  [0xd800, 0xdfff],
];

export function unicodeString(r: Random, maxLength: number): string {
  let s = '';
  const length = r.int(0, maxLength);
  for (let i = 0; i < length; i++) {
    const [lo, hi] = r.pick(UNICODE_RANGES);
    s += String.fromCodePoint(r.int(lo, hi));
  }
  return s;
}

/** Any JSON value, nested at most `depth` levels. */
export function jsonValue(r: Random, depth: number): unknown {
  const kind = r.int(0, depth > 0 ? 7 : 5);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, -1, 1.5, 1e308, -0, 2 ** 53 + 1]);
    case 3:
      return unicodeString(r, 12);
    case 4:
      return r.pick(['', 'PHONE', 'true', '1234567890', ' ', '\u0000']);
    case 5:
      return String(r.int(0, 1e9));
    case 6:
      return Array.from({ length: r.int(0, 3) }, () => jsonValue(r, depth - 1));
    default:
      return Object.fromEntries(
        Array.from({ length: r.int(0, 3) }, () => [unicodeString(r, 6), jsonValue(r, depth - 1)]),
      );
  }
}

/** Nested arrays and objects `depth` levels deep (a top-level value counts as 1). */
export function nested(r: Random, depth: number): string {
  const open: string[] = [];
  const close: string[] = [];
  for (let i = 1; i < depth; i++) {
    const array = r.chance(0.5);
    open.push(array ? '[' : '{"a":');
    close.push(array ? ']' : '}');
  }
  return `${open.join('')}[]${close.reverse().join('')}`;
}

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string;
}

/**
 * A raw HTTP/1.1 client: paths and bodies go out byte for byte, as a fuzzer means them, which a
 * higher-level client would normalise. No client timeout: the test waits for the answer.
 */
export function send(port: number, agent: Agent, req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) };
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = undefined;
          if (String(res.headers['content-type'] ?? '').includes('application/json') && text !== '')
            body = JSON.parse(text);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
        });
      },
    );
    // The server may answer (401, 413, 415) before it has read a large body and stop reading it.
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}
