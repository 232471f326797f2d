import { FieldFault } from '@sa/contracts';
import {
  BODY_NOT_AN_OBJECT,
  Checked,
  idsField,
  intParam,
  isBodyObject,
  unknownFields,
} from '../ops-http/ops-request.rules';
import { ParkedSelection } from './republish-parked-outbox-rows.use-case';

export const MAX_PARKED_PAGE = 1000;
export const MAX_REPUBLISH_IDS = 500;
const OUTBOX_ID = /^[1-9]\d{0,17}$/;

/** `GET /v1/outbox/parked?limit=` → the limit, or the fault. */
export function checkParkedQuery(query: Record<string, unknown>): Checked<number> {
  const faults = unknownFields(query, ['limit'], 'query parameter');
  const limit = intParam(query, 'limit', [1, MAX_PARKED_PAGE], 100, faults);
  return faults.length > 0 ? { ok: false, faults } : { ok: true, value: limit };
}

/** `POST /v1/outbox/parked/republish` body: `{ ids: [...] }` or `{ all: true }`, never both. */
export function checkRepublishBody(body: unknown): Checked<ParkedSelection> {
  if (!isBodyObject(body)) return { ok: false, faults: [BODY_NOT_AN_OBJECT] };
  const faults: FieldFault[] = unknownFields(body, ['ids', 'all'], 'field of a republish');
  if ('all' in body === 'ids' in body) {
    faults.push({ field: 'ids', rule: 'exactlyOne', message: 'give either ids (the rows to republish) or all: true' });
    return { ok: false, faults };
  }
  if ('all' in body) {
    if (body.all !== true) faults.push({ field: 'all', rule: 'isTrue', message: 'all must be true when given' });
    return faults.length > 0 ? { ok: false, faults } : { ok: true, value: { all: true } };
  }
  const ids = idsField(body, MAX_REPUBLISH_IDS, OUTBOX_ID, 'parked outbox row id', faults);
  return faults.length > 0 ? { ok: false, faults } : { ok: true, value: { ids } };
}
