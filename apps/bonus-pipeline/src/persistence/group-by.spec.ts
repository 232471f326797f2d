import { groupBy } from './group-by';

describe('groupBy', () => {
  it('groups rows by key, keeping row order within each group and first-seen order of keys', () => {
    const rows = [{ k: 'b', n: 1 }, { k: 'a', n: 2 }, { k: 'b', n: 3 }];
    expect([...groupBy(rows, (r) => r.k)]).toEqual([
      ['b', [{ k: 'b', n: 1 }, { k: 'b', n: 3 }]],
      ['a', [{ k: 'a', n: 2 }]],
    ]);
  });
});
