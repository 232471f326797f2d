import {
  InMemoryDeadLetterArchive,
  rawRecord,
} from '../../../../test/bonus-pipeline/support/in-memory-dead-letter-archive';
import { rejectedInput } from './rejected-input.factory';
import { ListDeadLettersUseCase } from './list-dead-letters.use-case';

describe('ListDeadLettersUseCase', () => {
  const archive = new InMemoryDeadLetterArchive();
  const ids = [0, 1, 2, 3, 4].map((i) =>
    archive.keep(
      rejectedInput(
        rawRecord('billing.invoices.v1', i, '{'),
        i % 2 === 0 ? 'MALFORMED_JSON' : 'INVALID_UTF8',
        'x',
        [],
        new Date(Date.UTC(2026, 10, 20 + i)),
      ),
    ),
  );
  const list = new ListDeadLettersUseCase(archive);

  it('pages newest first; next points past the last item and is null on the last page', async () => {
    const first = await list.execute({ limit: 2 });
    expect(first.items.map((l) => l.id)).toEqual([ids[4], ids[3]]);
    expect(first.next).toEqual({ recordedAt: first.items[1].recordedAt, id: ids[3] });
    const second = await list.execute({ limit: 2, before: first.next! });
    expect(second.items.map((l) => l.id)).toEqual([ids[2], ids[1]]);
    const last = await list.execute({ limit: 2, before: second.next! });
    expect(last).toEqual({ kind: 'listed', items: [expect.objectContaining({ id: ids[0] })], next: null });
  });

  it('a page exactly filled by the last items has no next', async () => {
    expect((await list.execute({ limit: 2, code: 'INVALID_UTF8' })).next).toBeNull();
    expect((await list.execute({ limit: 5 })).next).toBeNull();
  });
});
