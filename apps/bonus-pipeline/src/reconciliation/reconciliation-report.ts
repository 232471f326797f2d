import { PARTNER_ID } from '@sa/contracts';
import { HelsinkiMonth, RECONCILIATION_TIME_ZONE } from './helsinki-month';
import { HouseholdDecisions, HouseholdSent, MonthRecords } from './reconciliation-reader.port';

/**
 * One household's month: what its decisions say it earns (eligible), what was sent to S-Group, and the decisions
 * of its payers. `householdId` null: "no household", the decisions whose payer had no consent granted by issuedAt.
 */
export interface HouseholdFigures extends Omit<HouseholdSent, 'householdId'> {
  householdId: string | null;
  eligibleCents: number;
  netCents: number;
  invoicesSeen: number;
  creditNotesSeen: number;
  /** Counts by decision, reason and correction; no amounts (see `decisions` of the month). */
  decisions: HouseholdDecisions['decisions'];
}

type Figures = Omit<HouseholdFigures, 'householdId' | 'decisions'>;

export interface ReconciliationReport {
  month: string;
  timeZone: typeof RECONCILIATION_TIME_ZONE;
  /** The month's instants, [from, to). */
  from: string;
  to: string;
  households: HouseholdFigures[];
  total: Figures & {
    households: number;
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
  const eligible = new Map<string | null, number>(records.eligible.map((e) => [e.householdId, e.cents]));
  const sent = new Map<string | null, HouseholdSent>(records.sent.map((s) => [s.householdId, s]));
  const decided = new Map(records.householdDecisions.map((d) => [d.householdId, d]));
  const ids = [...new Set([...sent.keys(), ...eligible.keys(), ...decided.keys()])].sort(byteOrder);
  const households = ids.map((householdId): HouseholdFigures => {
    const s = sent.get(householdId) ?? emptySent();
    const d = decided.get(householdId);
    return {
      ...s,
      householdId,
      eligibleCents: eligible.get(householdId) ?? 0,
      netCents: s.recordedCents + s.reversedCents,
      invoicesSeen: d?.invoicesSeen ?? 0,
      creditNotesSeen: d?.creditNotesSeen ?? 0,
      decisions: d?.decisions ?? [],
    };
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

function emptySent(): Omit<HouseholdSent, 'householdId'> {
  return {
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

/** Code-unit order, as the database's "C" collation sorts the same ASCII ids; no household last. */
function byteOrder(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
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
  'invoices_seen',
  'credit_notes_seen',
] as const;

/**
 * One row per household (`row_type` household), the decisions of payers without one (`row_type` no_household,
 * empty id) when any, then the total row (`row_type` total, no household).
 */
export function reconciliationCsv(report: ReconciliationReport): string {
  const row = (type: string, householdId: string, f: Figures) => [
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
    f.invoicesSeen,
    f.creditNotesSeen,
  ];
  const rows = [
    [...CSV_COLUMNS],
    ...report.households.map((h) =>
      h.householdId === null ? row('no_household', '', h) : row('household', h.householdId, h),
    ),
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
