import { consumerLag } from './consumer-lag';

describe('consumerLag', () => {
  const ends = [
    {
      topic: 'invoices',
      partitions: [
        { partition: 0, high: '120', low: '0' },
        { partition: 1, high: '50', low: '10' },
        { partition: 2, high: '7', low: '0' },
      ],
    },
  ];

  it('is the end offset minus the committed offset, per partition', () => {
    const committed = [{ topic: 'invoices', partitions: [{ partition: 0, offset: '100' }] }];
    expect(consumerLag(committed, ends)[0]).toEqual({ topic: 'invoices', partition: 0, lag: 20 });
  });

  it('counts a partition without a committed offset from its earliest retained offset', () => {
    const committed = [{ topic: 'invoices', partitions: [{ partition: 1, offset: '-1' }] }];
    expect(consumerLag(committed, ends).slice(1)).toEqual([
      { topic: 'invoices', partition: 1, lag: 40 },
      { topic: 'invoices', partition: 2, lag: 7 },
    ]);
  });

  it('is 0 once the group committed the end offset', () => {
    const committed = [{ topic: 'invoices', partitions: [{ partition: 2, offset: '7' }] }];
    expect(consumerLag(committed, ends)[2].lag).toBe(0);
  });
});
