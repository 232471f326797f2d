import { DEAD_LETTER_CODES, FieldFault, isInstantWithZone } from '@sa/contracts';
import {
  BODY_NOT_AN_OBJECT,
  Checked,
  idsField,
  intParam,
  isBodyObject,
  singleParam,
  unknownFields,
} from '../ops-http/ops-request.rules';
import { DeadLetterCursor, DeadLetterFilter } from './dead-letter-archive.port';

/** A dead letter's id: 'dl-' and 32 hex digits (derived from its source position). */
export const DEAD_LETTER_ID = /^dl-[0-9a-f]{32}$/;
export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 50;
export const MAX_REDRIVE_IDS = 500;
// Kafka's own rule for topic names.
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const LIST_PARAMS = ['sourceTopic', 'code', 'since', 'until', 'limit', 'before'] as const;

/** `GET /v1/dead-letters` query → a filter, or every parameter at fault. */
export function checkListQuery(query: Record<string, unknown>): Checked<DeadLetterFilter> {
  const faults: FieldFault[] = unknownFields(query, LIST_PARAMS, 'query parameter');
  const filter: DeadLetterFilter = { limit: intParam(query, 'limit', [1, MAX_PAGE], DEFAULT_PAGE, faults) };
  const sourceTopic = singleParam(query, 'sourceTopic', faults);
  if (sourceTopic !== undefined) {
    if (TOPIC_NAME.test(sourceTopic)) filter.sourceTopic = sourceTopic;
    else faults.push({ field: 'sourceTopic', rule: 'topicName', message: 'sourceTopic must be a Kafka topic name' });
  }
  const code = singleParam(query, 'code', faults);
  if (code !== undefined) {
    if ((DEAD_LETTER_CODES as readonly string[]).includes(code)) filter.code = code;
    else faults.push({ field: 'code', rule: 'isIn', message: `code must be one of ${DEAD_LETTER_CODES.join(', ')}` });
  }
  for (const field of ['since', 'until'] as const) {
    const text = singleParam(query, field, faults);
    if (text === undefined) continue;
    if (isInstantWithZone(text)) filter[field] = new Date(text);
    else faults.push({ field, rule: 'instantWithZone', message: `${field} must be an ISO-8601 instant with a zone` });
  }
  if (filter.since && filter.until && filter.until <= filter.since) {
    faults.push({ field: 'until', rule: 'afterSince', message: 'until must be later than since' });
  }
  const before = singleParam(query, 'before', faults);
  if (before !== undefined) {
    const cursor = decodeCursor(before);
    if (cursor) filter.before = cursor;
    else faults.push({ field: 'before', rule: 'cursor', message: 'before must be a next value from an earlier page' });
  }
  return faults.length > 0 ? { ok: false, faults } : { ok: true, value: filter };
}

/** `:id` of `GET /v1/dead-letters/:id`. */
export function checkDeadLetterId(id: string): Checked<string> {
  if (DEAD_LETTER_ID.test(id)) return { ok: true, value: id };
  return { ok: false, faults: [{ field: 'id', rule: 'format', message: 'id must be a dead letter id (dl-<32 hex>)' }] };
}

/** `POST /v1/dead-letters/redrive` body → the ids, or every field at fault. */
export function checkRedriveBody(body: unknown): Checked<string[]> {
  if (!isBodyObject(body)) return { ok: false, faults: [BODY_NOT_AN_OBJECT] };
  const faults = unknownFields(body, ['ids'], 'field of a re-drive');
  const ids = idsField(body, MAX_REDRIVE_IDS, DEAD_LETTER_ID, 'dead letter id', faults);
  return faults.length > 0 ? { ok: false, faults } : { ok: true, value: ids };
}

/** The opaque `next`/`before` of a page: where it ends, as base64url of "instant|id". */
export function encodeCursor(cursor: DeadLetterCursor): string {
  return Buffer.from(`${cursor.recordedAt.toISOString()}|${cursor.id}`).toString('base64url');
}

function decodeCursor(text: string): DeadLetterCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  const [at, id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !isInstantWithZone(at) || !DEAD_LETTER_ID.test(id ?? '')) return undefined;
  return { recordedAt: new Date(at), id };
}
