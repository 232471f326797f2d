import { cachedSample } from './cached-sample';

describe('cachedSample', () => {
  it('answers from the last read within the time to live, and reads again after it', async () => {
    let clock = 0;
    let reads = 0;
    const sample = cachedSample(
      async () => ++reads,
      5000,
      () => clock,
    );
    expect(await sample()).toBe(1);
    clock = 4999;
    expect(await sample()).toBe(1);
    clock = 5000;
    expect(await sample()).toBe(2);
  });

  it('shares one read among concurrent callers', async () => {
    let reads = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sample = cachedSample(async () => {
      reads++;
      await gate;
      return reads;
    }, 0);
    const both = Promise.all([sample(), sample()]);
    release();
    expect(await both).toEqual([1, 1]);
    expect(reads).toBe(1);
  });

  it('does not keep a failed read: the next caller reads again', async () => {
    let fail = true;
    const sample = cachedSample(async () => {
      if (fail) throw new Error('broker down');
      return 'ok';
    }, 60_000);
    await expect(sample()).rejects.toThrow('broker down');
    fail = false;
    expect(await sample()).toBe('ok');
  });
});
