import { detailLines, listLines, redriveLines, SHOWN_VALUE_CHARS } from './dead-letters-output';

const item = {
  id: `dl-${'a'.repeat(32)}`,
  sourceTopic: 'billing.invoices.v1',
  sourcePartition: 2,
  sourceOffset: '41',
  sourceKey: 'Af4=',
  sourceKeyEncoding: 'base64' as const,
  code: 'MALFORMED_JSON',
  message: 'not JSON:\n unexpected end',
  fields: [],
  recordedAt: '2026-11-25T08:00:00.000Z',
  redriveCount: 1,
  lastRedrive: { at: '2026-11-25T09:00:00.000Z', by: 'anna', outcome: 'DEAD_AGAIN' as const },
};

describe('dead-letters CLI output', () => {
  it('lists one line per letter with its position, key, re-drives and message, then how to page on', () => {
    const [line, more] = listLines([item], 'CURSOR');
    expect(line).toContain('billing.invoices.v1/2@41');
    expect(line).toContain('key=base64:Af4=');
    expect(line).toContain('re-driven 1× (last DEAD_AGAIN by anna)');
    expect(line).toContain('not JSON: unexpected end');
    expect(more).toBe('… more: add --before CURSOR');
    expect(listLines([], null)).toEqual(['no dead letters match']);
  });

  it('shows a long value cut, with how much is left', () => {
    const detail = {
      ...item,
      rawValue: 'x'.repeat(SHOWN_VALUE_CHARS + 5),
      rawValueEncoding: 'utf8' as const,
      rawValueBytes: SHOWN_VALUE_CHARS + 5,
      rawValueSha256: 'f'.repeat(64),
      rawValueKept: true,
      redrives: [
        { at: '2026-11-25T09:00:00.000Z', by: 'anna', outcome: 'DEAD_AGAIN' as const, code: 'X', message: 'y' },
      ],
    };
    const lines = detailLines(detail);
    expect(lines).toContain(`${'x'.repeat(SHOWN_VALUE_CHARS)}… (5 more chars: --out <file> writes the bytes)`);
    expect(lines.at(-1)).toBe('  2026-11-25T09:00:00.000Z  anna  DEAD_AGAIN  X: y');
  });

  it('tallies re-drive results', () => {
    expect(
      redriveLines([
        { id: 'a', outcome: 'DECIDED' },
        { id: 'b', outcome: 'DEAD_AGAIN', code: 'MALFORMED_JSON', message: 'bad' },
        { id: 'c', outcome: 'NOT_FOUND' },
      ]),
    ).toEqual([
      'a  DECIDED',
      'b  DEAD_AGAIN  MALFORMED_JSON: bad',
      'c  NOT_FOUND',
      '1 decided, 0 already processed, 1 dead again, 1 not found',
    ]);
  });
});
