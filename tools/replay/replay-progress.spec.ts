import { progressLine, replayProgress } from './replay-progress';

const at = (start: number, end: number, committed: number) => ({
  topic: 't',
  partition: 0,
  start: BigInt(start),
  end: BigInt(end),
  committed: BigInt(committed),
});

describe('replayProgress', () => {
  it('counts from each partition start to the end it must reach, at the average rate so far', () => {
    const p = replayProgress([at(0, 100, 40), at(10, 60, -1), at(5, 5, -1)], 2000);
    expect(p).toEqual({ total: 150, done: 40, lag: 110, recordsPerSecond: 20, etaSeconds: 5.5 });
    expect(progressLine(p)).toBe('40/150 records (26 %), 20 records/s, lag 110, ETA 6 s');
  });

  it('never counts past the end (the group reads on) and has no ETA before the first commit', () => {
    expect(replayProgress([at(0, 100, 250)], 1000)).toMatchObject({ done: 100, lag: 0, etaSeconds: 0 });
    expect(replayProgress([at(0, 100, -1)], 1000).etaSeconds).toBeNaN();
  });
});
