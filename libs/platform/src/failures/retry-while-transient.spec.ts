import { retryWhileTransient } from './retry-while-transient';

describe('retryWhileTransient', () => {
  it('retries a broker that is still electing a leader, then returns the result', async () => {
    let calls = 0;
    const notLeader = Object.assign(new Error('This server is not the leader for that topic-partition'), {
      name: 'KafkaJSProtocolError',
      retriable: true,
    });
    const retries: number[] = [];
    const result = await retryWhileTransient(
      async () => {
        calls += 1;
        if (calls < 3) throw notLeader;
        return 'ok';
      },
      (_error, attempt) => retries.push(attempt),
      1,
    );
    expect(result).toBe('ok');
    expect(retries).toEqual([1, 2]);
  });

  it('throws a failure that is not transient at once', async () => {
    const retries: number[] = [];
    await expect(
      retryWhileTransient(
        () => Promise.reject(new TypeError('a bug')),
        (_e, attempt) => retries.push(attempt),
        1,
      ),
    ).rejects.toThrow('a bug');
    expect(retries).toEqual([]);
  });
});
