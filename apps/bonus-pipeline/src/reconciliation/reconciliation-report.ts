import { PARTNER_ID } from '@sa/contracts';
import { HelsinkiMonth, RECONCILIATION_TIME_ZONE } from './helsinki-month';
import { HouseholdSent, MonthRecords } from './reconciliation-reader.port';

/** One household's month: what the rules give now (eligible) and what was sent to S-Group. */
export interface HouseholdFigures extends HouseholdSent {
  eligibleCents: number;
  netCents: number;
}

export interface ReconciliationReport {
  month: string;
  timeZone: typeof RECONCILIATION_TIME_ZONE;
  /** The month's instants, [from, to). */
  from: string;
  to: string;
  households: HouseholdFigures[];
  total: Omit<HouseholdFigures, 'householdId'> & {
    households: number;
    invoicesSeen: number;
    creditNotesSeen: number;
    /** Σ amountChangeCents of the month's decisions: what ops were told was sent. */
    decisionsNetCents: number;
    deadLetters: number;
  };
  decisions: MonthRecords['decisions'];
  deadLetters: MonthRecords['deadLetters'];
  /** What S-Group can compare with what it received for the month (purchasedAt in the month). */
  partner: {
    partnerId: typeof PARTNER_ID;
    members: MonthRecords['members'];
    events: number;
    netCents: number;
    eventIdsSha256: string;
  };
  /** Each should be true; false names a discrepancy to investigate. */
  checks: { eligibleEqualsSent: boolean; decisionsEqualSent: boolean };
}

/** The report of one month from its records: households merged with their eligible amounts, totals, checks. */
export function reconciliationReport(month: HelsinkiMonth, records: MonthRecords): ReconciliationReport {
  const eligible = new Map(records.eligible.map((e) => [e.householdId, e.cents]));
  const sent = new Map(records.sent.map((s) => [s.householdId, s]));
  const ids = [...new Set([...sent.keys(), ...eligible.keys()])].sort(byteOrder);
  const households = ids.map((householdId): HouseholdFigures => {
    const s = sent.get(householdId) ?? emptySent(householdId);
    return { ...s, eligibleCents: eligible.get(householdId) ?? 0, netCents: s.recordedCents + s.reversedCents };
  });
  const sum = (pick: (h: HouseholdFigures) => number) => households.reduce((n, h) => n + pick(h), 0);
  const decisionsNetCents = records.decisions.reduce((n, d) => n + d.amountChangeCents, 0);
  const total = {
    households: records.distinct.households,
    members: records.distinct.members,
    invoices: records.distinct.invoices,
    invoicesSeen: records.documents.invoices,
    creditNotesSeen: records.documents.creditNotes,
    eligibleCents: sum((h) => h.eligibleCents),
    recordedCount: sum((h) => h.recordedCount),
    recordedCents: sum((h) => h.recordedCents),
    reversedCount: sum((h) => h.reversedCount),
    reversedCents: sum((h) => h.reversedCents),
    netCents: sum((h) => h.netCents),
    events: sum((h) => h.events),
    correctionEvents: sum((h) => h.correctionEvents),
    correctionCents: sum((h) => h.correctionCents),
    decisionsNetCents,
    deadLetters: records.deadLetters.reduce((n, d) => n + d.count, 0),
  };
  return {
    month: month.month,
    timeZone: RECONCILIATION_TIME_ZONE,
    from: month.start.toISOString(),
    to: month.end.toISOString(),
    households,
    total,
    decisions: records.decisions,
    deadLetters: records.deadLetters,
    partner: {
      partnerId: PARTNER_ID,
      members: records.members,
      events: records.eventIds.count,
      netCents: total.netCents,
      eventIdsSha256: records.eventIds.sha256,
    },
    checks: {
      eligibleEqualsSent: households.every((h) => h.eligibleCents === h.netCents),
      decisionsEqualSent: decisionsNetCents === total.netCents,
    },
  };
}

function emptySent(householdId: string): HouseholdSent {
  return {
    householdId,
    members: 0,
    invoices: 0,
    recordedCount: 0,
    recordedCents: 0,
    reversedCount: 0,
    reversedCents: 0,
    events: 0,
    correctionEvents: 0,
    correctionCents: 0,
  };
}

/** Code-unit order, as the database's "C" collation sorts the same ASCII ids. */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The CSV columns, in order (docs/reconciliation.md describes each). */
export const CSV_COLUMNS = [
  'row_type',
  'month',
  'household_id',
  'members',
  'invoices',
  'eligible_cents',
  'recorded_count',
  'recorded_cents',
  'reversed_count',
  'reversed_cents',
  'net_cents',
  'events',
  'correction_events',
  'correction_cents',
] as const;

/** One row per household (`row_type` household), then the total row (`row_type` total, no household). */
export function reconciliationCsv(report: ReconciliationReport): string {
  const row = (type: string, householdId: string, f: Omit<HouseholdFigures, 'householdId'>) => [
    type,
    report.month,
    householdId,
    f.members,
    f.invoices,
    f.eligibleCents,
    f.recordedCount,
    f.recordedCents,
    f.reversedCount,
    f.reversedCents,
    f.netCents,
    f.events,
    f.correctionEvents,
    f.correctionCents,
  ];
  const rows = [
    [...CSV_COLUMNS],
    ...report.households.map((h) => row('household', h.householdId, h)),
    row('total', '', report.total),
  ];
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs an id as a formula. */
function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
