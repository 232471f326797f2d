import { checkDeadLetterId, checkListQuery, checkRedriveBody, encodeCursor } from './dead-letter-request.rules';

const ID = `dl-${'a'.repeat(32)}`;
const rules = (checked: { ok: boolean; faults?: { field: string; rule: string }[] }) =>
  checked.ok ? [] : checked.faults!.map((f) => `${f.field}:${f.rule}`);

describe('dead-letter request rules', () => {
  it('a full, valid list query becomes a filter; limit defaults to 50', () => {
    const before = encodeCursor({ recordedAt: new Date('2026-11-20T10:00:00.123Z'), id: ID });
    expect(
      checkListQuery({
        sourceTopic: 'billing.invoices.v1',
        code: 'PROCESSING_FAILED',
        since: '2026-11-01T00:00:00+02:00',
        until: '2026-11-30T00:00:00Z',
        before,
      }),
    ).toEqual({
      ok: true,
      value: {
        limit: 50,
        sourceTopic: 'billing.invoices.v1',
        code: 'PROCESSING_FAILED',
        since: new Date('2026-10-31T22:00:00Z'),
        until: new Date('2026-11-30T00:00:00Z'),
        before: { recordedAt: new Date('2026-11-20T10:00:00.123Z'), id: ID },
      },
    });
  });

  it('names every parameter at fault and the rule it broke', () => {
    expect(rules(checkListQuery({ limit: '501', sourceTopic: 'a b', since: '2026-11-01', x: '1' }))).toEqual([
      'x:known',
      'limit:range',
      'sourceTopic:topicName',
      'since:instantWithZone',
    ]);
    expect(rules(checkListQuery({ since: '2026-11-02T00:00:00Z', until: '2026-11-01T00:00:00Z' }))).toEqual([
      'until:afterSince',
    ]);
    expect(rules(checkListQuery({ code: ['A', 'B'], limit: '1.5' }))).toEqual(['limit:range', 'code:single']);
    expect(rules(checkListQuery({ before: Buffer.from('2026-11-20T10:00:00Z|nope').toString('base64url') }))).toEqual([
      'before:cursor',
    ]);
  });

  it('ids: 1 to 500 distinct dead letter ids, nothing else in the body', () => {
    expect(checkRedriveBody({ ids: [ID] })).toEqual({ ok: true, value: [ID] });
    expect(rules(checkRedriveBody({ ids: [] }))).toEqual(['ids:arraySize']);
    expect(rules(checkRedriveBody({ ids: Array.from({ length: 501 }, () => ID) }))).toEqual(['ids:arraySize']);
    expect(rules(checkRedriveBody({ ids: [ID, ID, 7], all: true }))).toEqual([
      'all:known',
      'ids[2]:format',
      'ids:unique',
    ]);
    expect(rules(checkRedriveBody([ID]))).toEqual(['(body):isObject']);
    expect(rules(checkDeadLetterId('dl-x'))).toEqual(['id:format']);
  });
});
