import { DataSource, EntityManager } from 'typeorm';
import { OutboxRelayControl } from '@sa/outbox';
import { BonusMetrics } from '../metrics/bonus-metrics';
import { OutgoingEvents, tallyOutgoing } from '../metrics/outgoing-tally';
import { RecoveryGate } from '../recovery/recovery-gate';
import { RECOVERY_LOCK } from './bonus-sql';
import { PostgresBonusTransaction } from './postgres-bonus.transaction';

/**
 * Runs `work` on a transaction object over one database transaction, then nudges the relay: what
 * the transaction put in the outbox goes out now rather than at the next poll. PostgreSQL's default
 * READ COMMITTED (no extra SET round trip); the subject locks order conflicting batches. Only after
 * the commit are the outgoing events counted: a rolled-back batch (retried later) counts nothing.
 */
export async function inBonusTransaction<Tx, T>(
  dataSource: DataSource,
  relay: OutboxRelayControl,
  metrics: BonusMetrics,
  open: (manager: EntityManager, quiet: boolean) => Tx & Pick<PostgresBonusTransaction, 'written'>,
  work: (tx: Tx) => Promise<T>,
  gate?: RecoveryGate,
): Promise<T> {
  let written: OutgoingEvents[] = [];
  const result = await dataSource.transaction(async (manager) => {
    const tx = open(manager, await quietNow(manager, gate));
    written = tx.written;
    return work(tx);
  });
  relay.nudge();
  metrics.committed(tallyOutgoing(written));
  return result;
}

/**
 * Whether this batch runs quietly (docs/reliability.md). Only while a recovery catches up does it cost anything:
 * the batch holds the recovery lock shared, so the reconciliation (which takes it exclusively, and is queued fairly
 * ahead of later shared requests) waits for quiet batches in flight, and every batch after it reads 'live'. Two
 * statements: a mode read in the locking statement would use the snapshot from before the wait.
 */
async function quietNow(manager: EntityManager, gate?: RecoveryGate): Promise<boolean> {
  if (!gate?.catchingUp) return false;
  await manager.query(`SELECT pg_advisory_xact_lock_shared($1)`, [RECOVERY_LOCK]);
  const rows: { mode: string }[] = await manager.query(`SELECT mode FROM bonus.recovery WHERE id = 1`);
  if (rows[0]?.mode === 'catching_up') return true;
  gate.catchingUp = false;
  return false;
}
