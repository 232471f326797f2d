/**
 * Whether this instance's batches run quietly (a recovery is catching up: they record state and decisions and
 * update the ledger to what the rules give, but send no purchases). Set at startup; a batch that finds the
 * recovery reconciled turns it off. Read without a round trip on the hot path when live.
 */
export class RecoveryGate {
  catchingUp = false;
}
