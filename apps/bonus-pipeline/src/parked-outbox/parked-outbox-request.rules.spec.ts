import { checkParkedQuery, checkRepublishBody } from './parked-outbox-request.rules';

const rules = (checked: { ok: boolean; faults?: { field: string; rule: string }[] }) =>
  checked.ok ? [] : checked.faults!.map((f) => `${f.field}:${f.rule}`);

describe('parked outbox request rules', () => {
  it('republish takes ids or all: true, never both, never neither', () => {
    expect(checkRepublishBody({ ids: ['12', '13'] })).toEqual({ ok: true, value: { ids: ['12', '13'] } });
    expect(checkRepublishBody({ all: true })).toEqual({ ok: true, value: { all: true } });
    expect(rules(checkRepublishBody({}))).toEqual(['ids:exactlyOne']);
    expect(rules(checkRepublishBody({ ids: ['1'], all: true }))).toEqual(['ids:exactlyOne']);
    expect(rules(checkRepublishBody({ all: 'yes' }))).toEqual(['all:isTrue']);
    expect(rules(checkRepublishBody({ ids: ['0', 'x'] }))).toEqual(['ids[0]:format', 'ids[1]:format']);
  });

  it('limit is 1 to 1000, 100 by default', () => {
    expect(checkParkedQuery({})).toEqual({ ok: true, value: 100 });
    expect(rules(checkParkedQuery({ limit: '0' }))).toEqual(['limit:range']);
  });
});
