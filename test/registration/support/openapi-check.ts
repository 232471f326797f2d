import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv from 'ajv';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');

export interface ProcessResult {
  code: number;
  output: string;
}

/** `redocly lint` (the CLI the npm script runs) on a document, with every recommended rule an error. */
export async function redoclyLint(document: object): Promise<ProcessResult> {
  const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'registration-api.json');
  writeFileSync(file, JSON.stringify(document));
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  const args = ['lint', '--config', join(ROOT, 'redocly.yaml'), file];
  return outcome(run(join(ROOT, 'node_modules', '.bin', 'redocly'), args, { env, cwd: ROOT, timeout: 120_000 }));
}

/** The compiled export CLI behind `npm run openapi:export`, writing to a temporary file. */
export async function exportedDocument(): Promise<object> {
  const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'exported.json');
  const cli = join(ROOT, 'dist', 'apps', 'registration-service', 'src', 'cli', 'export-openapi.js');
  const result = await outcome(
    run(
      process.execPath,
      ['-r', join(ROOT, 'dist', 'libs', 'platform', 'src', 'runtime', 'register-aliases.js'), cli, file],
      {
        cwd: ROOT,
        timeout: 120_000,
      },
    ),
  );
  if (result.code !== 0) throw new Error(`export-openapi failed: ${result.output}`);
  return JSON.parse(readFileSync(file, 'utf8')) as object;
}

async function outcome(running: Promise<{ stdout: string; stderr: string }>): Promise<ProcessResult> {
  try {
    const { stdout, stderr } = await running;
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}` };
  }
}

/** A copy in which every object schema with properties admits no others: an undocumented field fails. */
export function closedSchemas<T>(document: T): T {
  const copy = JSON.parse(JSON.stringify(document)) as T;
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Record<string, unknown>;
    if (schema.type === 'object' && typeof schema.properties === 'object' && schema.additionalProperties === undefined)
      schema.additionalProperties = false;
    Object.values(schema).forEach(visit);
  };
  visit(copy);
  return copy;
}

/**
 * Checks real answers against the document with a third-party JSON Schema validator (Ajv, which
 * keeps OpenAPI 3.0's `nullable` strictly): the status must be documented for the operation and
 * the body must match that response's schema.
 */
export class ResponseChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  readonly seen = new Map<string, Set<number>>();

  constructor(private readonly document: OpenApiDocument) {
    this.ajv.addSchema(closedSchemas(document), 'doc');
  }

  /** Problems with one answer of `operationId`; an empty list when it matches the document. */
  problems(operationId: string, status: number, body: unknown, hasBody = true): string[] {
    const { path, method, operation } = this.operation(operationId);
    const documented = operation.responses[String(status)];
    if (!documented) return [`${operationId}: status ${status} is not documented`];
    this.seen.set(operationId, (this.seen.get(operationId) ?? new Set()).add(status));
    if (!hasBody) return [];
    if (documented.content?.['application/json'] === undefined)
      return [`${operationId} ${status}: the document declares no body`];
    const pointer = ['paths', path, method, 'responses', String(status), 'content', 'application/json', 'schema'];
    const validate = this.ajv.compile({
      $ref: `doc#/${pointer.map((t) => encodeURIComponent(t.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`,
    });
    return validate(body)
      ? []
      : (validate.errors ?? []).map((e) => `${operationId} ${status}: ${e.instancePath} ${e.message}`);
  }

  /** Problems with a body against one component schema (answers that belong to no operation: 404, 405). */
  schemaProblems(schemaName: string, body: unknown): string[] {
    const validate = this.ajv.getSchema(`doc#/components/schemas/${schemaName}`);
    if (!validate) return [`no schema ${schemaName}`];
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${schemaName}: ${e.instancePath} ${e.message}`);
  }

  /** Every documented (operation, status) pair. */
  documented(): Array<[string, number]> {
    return Object.values(this.document.paths).flatMap((item) =>
      Object.values(item).flatMap((op) =>
        Object.keys(op.responses ?? {}).map((status): [string, number] => [op.operationId, Number(status)]),
      ),
    );
  }

  private operation(operationId: string): { path: string; method: string; operation: OpenApiOperation } {
    for (const [path, item] of Object.entries(this.document.paths)) {
      for (const [method, operation] of Object.entries(item))
        if (operation.operationId === operationId) return { path, method, operation };
    }
    throw new Error(`no operation ${operationId}`);
  }
}

interface OpenApiOperation {
  operationId: string;
  responses: Record<string, { content?: Record<string, unknown> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}
