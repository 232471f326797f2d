import { writeFileSync } from 'node:fs';
import type {
  DeadLetterDetailBody,
  DeadLetterItemBody,
} from '../../apps/bonus-pipeline/src/dead-letters/dead-letters.presenter';
import type { RedriveResult } from '../../apps/bonus-pipeline/src/dead-letters/redrive-dead-letters.use-case';
import { detailLines, listLines, redriveLines } from './dead-letters-output';

const USAGE = `usage: npm run dead-letters -- <command>
  list [--topic T] [--code C] [--since I] [--until I] [--limit N] [--before CURSOR]
                      stored dead letters, newest first (instants with a zone, e.g. 2026-11-25T08:00:00Z)
  show <id> [--out FILE]
                      one letter in full; --out writes its raw value's exact bytes to FILE
  redrive <id…>       sends the letters' exact bytes back through the pipeline's decide path (operator)
  OPS_TOKEN: an ops token (npm run -s issue-ops-token); PIPELINE_URL: default http://127.0.0.1:3001`;

type Call = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<unknown>;

/**
 * Ops' handle on dead letters, through the running pipeline's HTTP API: a re-drive runs inside the
 * service's own decide path and is audited with the token's name.
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const token = process.env.OPS_TOKEN;
  if (!token || !['list', 'show', 'redrive'].includes(command)) return usage();
  const call = caller((process.env.PIPELINE_URL ?? 'http://127.0.0.1:3001').replace(/\/$/, ''), token);
  const { options, positional } = parseArgs(rest);
  if (command === 'list') {
    const names = {
      topic: 'sourceTopic',
      code: 'code',
      since: 'since',
      until: 'until',
      limit: 'limit',
      before: 'before',
    };
    const unknown = Object.keys(options).filter((o) => !(o in names));
    if (unknown.length > 0 || positional.length > 0) return usage();
    const query = new URLSearchParams(
      Object.entries(options).map(([o, v]) => [names[o as keyof typeof names], v] as [string, string]),
    );
    const page = (await call('GET', `/v1/dead-letters?${query}`)) as {
      items: DeadLetterItemBody[];
      next: string | null;
    };
    return print(listLines(page.items, page.next), 0);
  }
  if (command === 'show') {
    if (positional.length !== 1 || Object.keys(options).some((o) => o !== 'out')) return usage();
    const letter = (await call('GET', `/v1/dead-letters/${encodeURIComponent(positional[0])}`)) as DeadLetterDetailBody;
    if (options.out !== undefined && letter.rawValue !== null) {
      writeFileSync(
        options.out,
        Buffer.from(letter.rawValue, letter.rawValueEncoding === 'base64' ? 'base64' : 'utf8'),
      );
    }
    return print(detailLines(letter), 0);
  }
  if (positional.length === 0 || Object.keys(options).length > 0) return usage();
  const { results } = (await call('POST', '/v1/dead-letters/redrive', { ids: positional })) as {
    results: RedriveResult[];
  };
  const settled = results.every((r) => r.outcome === 'DECIDED' || r.outcome === 'ALREADY_PROCESSED');
  return print(redriveLines(results), settled ? 0 : 1);
}

function caller(base: string, token: string): Call {
  return async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = (await res.json().catch(() => ({}))) as {
      message?: string | string[];
      fields?: { field: string; message: string }[];
    };
    if (res.ok) return payload;
    const reasons = payload.fields?.map((f) => `${f.field}: ${f.message}`) ?? [String(payload.message ?? '')];
    throw new Error(`${method} ${path} → ${res.status}\n  ${reasons.join('\n  ')}`);
  };
}

function parseArgs(args: string[]): { options: Record<string, string>; positional: string[] } {
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--')) options[args[i].slice(2)] = args[++i] ?? '';
    else positional.push(args[i]);
  }
  return { options, positional };
}

function print(lines: string[], code: number): number {
  process.stdout.write(`${lines.join('\n')}\n`);
  return code;
}

function usage(): number {
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
