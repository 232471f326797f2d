import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent per group of processes between two readings, from /proc (Linux). Throughput on a shared
 * 2-core machine moves ±20 % between identical runs; the CPU each part spends per invoice moves far less,
 * so a change's cost shows here even when the invoices/s of two runs cannot tell it from noise.
 */
export interface CpuReading {
  /** Seconds of user + system time per group. */
  groups: Map<string, number>;
  /** The whole machine (/proc/stat): busy and stolen seconds, summed over all cores. */
  machineBusy: number;
  machineSteal: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux build this runs on

/**
 * utime + stime of one process (all its threads), in seconds; 0 when it is gone. With `reapedChildren`, plus the
 * time of its children that ended and were waited for (cutime + cstime).
 */
function processSeconds(pid: number, reapedChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may contain spaces: state is field 3, utime 14, stime 15, cutime 16,
    // cstime 17.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const own = fields[11] + fields[12];
    return (reapedChildren ? own + fields[13] + fields[14] : own) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Every running PostgreSQL server process (backends, WAL writer, checkpointer, autovacuum, ...). */
function postgresPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    });
}

function machineSeconds(): { busy: number; steal: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return { busy: (user + nice + system + irq + softirq) / TICKS_PER_SECOND, steal: steal / TICKS_PER_SECOND };
}

/** Reads the groups' CPU now: named pids, plus all PostgreSQL server processes as "PostgreSQL". */
export function readCpu(pids: Record<string, (number | undefined)[]>): CpuReading {
  const groups = new Map<string, number>();
  for (const [name, list] of Object.entries(pids))
    groups.set(
      name,
      list.reduce<number>((sum, pid) => sum + (pid === undefined ? 0 : processSeconds(pid)), 0),
    );
  // With the time of ended children: a backend or worker that ended between two readings is in its parent's (the
  // postmaster's) cutime after, and its own time before, so the difference counts exactly its time in between.
  groups.set(
    'PostgreSQL',
    postgresPids().reduce((sum, pid) => sum + processSeconds(pid, true), 0),
  );
  const machine = machineSeconds();
  return { groups, machineBusy: machine.busy, machineSteal: machine.steal };
}

/**
 * The report line: CPU seconds per 1,000 invoices between two readings, per group and for the machine.
 * A PostgreSQL process that ended in between (a closed connection's backend, an autovacuum worker) counts in its group
 * through the postmaster's time of ended children.
 */
export function cpuPerThousandLines(before: CpuReading, after: CpuReading, invoices: number): string[] {
  const per = (seconds: number) => ((1000 * seconds) / invoices).toFixed(3);
  const groups = [...after.groups].map(([name, s]) => `${name} ${per(s - (before.groups.get(name) ?? 0))}`);
  return [
    `CPU s per 1000 invoices  ${groups.join(', ')}; machine ${per(after.machineBusy - before.machineBusy)}` +
      ` busy, ${per(after.machineSteal - before.machineSteal)} stolen`,
  ];
}
