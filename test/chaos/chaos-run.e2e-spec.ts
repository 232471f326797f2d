import { chaosTable, runChaos } from '../../tools/chaos/chaos-run';

// `npm run chaos` at CI size: its own broker and PostgreSQL cluster (it restarts both), two compiled
// pipeline processes (`npm run build` first). Every wait in the run is for a condition; it gives up
// only when no output arrives for stallMs.
describe('chaos run at CI size (own Kafka broker and PostgreSQL cluster, compiled pipeline processes)', () => {
  it(
    'through SIGKILLs, a broker restart, a PostgreSQL restart and a relay thread kill: nothing lost, ' +
      'every sum as an independent evaluation of the rules gives, no eventId with two contents, ' +
      'each malformed message one dead letter',
    async () => {
      const report = await runChaos({
        invoices: 400,
        kills: 2,
        brokerRestarts: 1,
        postgresRestarts: 1,
        relayKills: 1,
        seed: 20261125,
        stallMs: 240_000,
        log: (line) => process.stdout.write(`[chaos] ${line}\n`),
      });
      process.stdout.write(`${chaosTable(report)}\n`);
      expect(report.faults.filter((f) => f.tookMs === undefined)).toEqual([]);
      expect(report.settled).toBe(true);
      expect(report.verdict.examples).toEqual([]);
      expect(report.verdict).toMatchObject({ lost: 0, wrongSums: 0, conflictingIds: 0 });
      expect(report.verdict.deadLettered).toEqual({ malformed: report.verdict.malformedSent, other: 0 });
      // Not vacuous: the workload gives many members bonus, and some of it was taken back.
      expect(report.verdict.expectedPairs).toBeGreaterThan(100);
      expect(report.verdict.distinctPurchaseIds).toBeGreaterThan(report.verdict.expectedPairs);
    },
    1_200_000,
  );
});
