import { CreateBonusSchema1764000000000 } from './1764000000000-create-bonus-schema';
import { OutboxParking1764100000000 } from './1764100000000-outbox-parking';
import { FactRecordedAt1764200000000 } from './1764200000000-fact-recorded-at';
import { DeadLetterStore1764300000000 } from './1764300000000-dead-letter-store';
import { ReconciliationLogs1764400000000 } from './1764400000000-reconciliation-logs';
import { PurchaseStepsAndRecovery1764500000000 } from './1764500000000-purchase-steps-and-recovery';
import { RedriveAlreadyProcessed1764800000000 } from './1764800000000-redrive-already-processed';
import { DecisionLogStatementTime1764800000001 } from './1764800000001-decision-log-statement-time';
import { OutboxRepublishes1764800000002 } from './1764800000002-outbox-republishes';
import { LogBatches1764900000000 } from './1764900000000-log-batches';

export const BONUS_MIGRATIONS = [
  CreateBonusSchema1764000000000,
  OutboxParking1764100000000,
  FactRecordedAt1764200000000,
  DeadLetterStore1764300000000,
  ReconciliationLogs1764400000000,
  PurchaseStepsAndRecovery1764500000000,
  RedriveAlreadyProcessed1764800000000,
  DecisionLogStatementTime1764800000001,
  OutboxRepublishes1764800000002,
  LogBatches1764900000000,
];
