import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { HelsinkiMonth } from './helsinki-month';
import { HouseholdDecisions, MonthRecords, ReconciliationReader } from './reconciliation-reader.port';

/**
 * Adapter: a month from `bonus.purchase_log` (by purchased_at), `bonus.decision_log` (by the issuedAt of the
 * invoice each decision counts for; with `bonus.consent_events` for households) and `bonus.dead_letters` (by
 * recorded_at). One REPEATABLE READ, read-only transaction: every figure comes from the same snapshot, so the
 * totals agree with each other while the pipeline keeps writing.
 */
@Injectable()
export class PostgresReconciliationReader implements ReconciliationReader {
  constructor(private readonly dataSource: DataSource) {}

  read(month: HelsinkiMonth): Promise<MonthRecords> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      const range = [month.start, month.end];
      return {
        sent: await sent(m, range),
        distinct: await distinct(m, range),
        eligible: await eligible(m, range),
        documents: await documents(m, range),
        decisions: await decisions(m, range),
        householdDecisions: await householdDecisions(m, range),
        deadLetters: await deadLetters(m, range),
        members: await members(m, range),
        eventIds: await eventIds(m, range),
      };
    });
  }
}

type Range = Date[];
const IN_MONTH = (column: string) => `${column} >= $1 AND ${column} < $2`;
const RECORDED = `event_type = 'BonusPurchaseRecorded'`;
/** The household of a customer's latest grant at or before an instant (consent rule R6); none before any grant. */
const GRANTED_HOUSEHOLD = (customer: string, at: string) => `LEFT JOIN LATERAL (
       SELECT household_id FROM bonus.consent_events ce
       WHERE ce.customer_id = ${customer} AND ce.event_type = 'ConsentGranted' AND ce.effective_at <= ${at}
       ORDER BY ce.effective_at DESC, ce.event_id DESC LIMIT 1) g ON true`;
const REVERSED = `event_type = 'BonusPurchaseReversed'`;

async function sent(m: EntityManager, range: Range): Promise<MonthRecords['sent']> {
  const rows: Record<string, string>[] = await m.query(
    `SELECT household_id, count(DISTINCT member_number) AS members, count(DISTINCT invoice_id) AS invoices,
       count(*) FILTER (WHERE ${RECORDED}) AS recorded_count,
       coalesce(sum(amount_cents) FILTER (WHERE ${RECORDED}), 0) AS recorded_cents,
       count(*) FILTER (WHERE ${REVERSED}) AS reversed_count,
       coalesce(sum(amount_cents) FILTER (WHERE ${REVERSED}), 0) AS reversed_cents,
       count(*) AS events, count(*) FILTER (WHERE correction) AS correction_events,
       coalesce(sum(amount_cents) FILTER (WHERE correction), 0) AS correction_cents
     FROM bonus.purchase_log WHERE ${IN_MONTH('purchased_at')}
     GROUP BY household_id ORDER BY household_id COLLATE "C"`,
    range,
  );
  return rows.map((r) => ({
    householdId: r.household_id,
    members: Number(r.members),
    invoices: Number(r.invoices),
    recordedCount: Number(r.recorded_count),
    recordedCents: Number(r.recorded_cents),
    reversedCount: Number(r.reversed_count),
    reversedCents: Number(r.reversed_cents),
    events: Number(r.events),
    correctionEvents: Number(r.correction_events),
    correctionCents: Number(r.correction_cents),
  }));
}

async function distinct(m: EntityManager, range: Range): Promise<MonthRecords['distinct']> {
  const [r]: Record<string, string>[] = await m.query(
    `SELECT count(DISTINCT household_id) AS households, count(DISTINCT member_number) AS members,
       count(DISTINCT invoice_id) AS invoices
     FROM bonus.purchase_log WHERE ${IN_MONTH('purchased_at')}`,
    range,
  );
  return { households: Number(r.households), members: Number(r.members), invoices: Number(r.invoices) };
}

/**
 * What the pipeline decided the month's invoices earn, from the decision log alone (never from the ledger or the
 * purchase log, which the check compares it with). Per invoice: the eligible amount of its latest decision of its
 * own (the invoice's, or a correction's; DUPLICATE and CORRECTION_SKIPPED change nothing and are left out), which
 * counts every credit note known then, plus the (≤ 0) eligible amounts of its credit notes decided in a later
 * statement. Grouped by the household of the payer's latest grant at or before issuedAt (consent rule R6).
 */
async function eligible(m: EntityManager, range: Range): Promise<MonthRecords['eligible']> {
  const rows: { household_id: string; cents: string }[] = await m.query(
    `WITH latest AS (
       SELECT DISTINCT ON (invoice_id) invoice_id, customer_id, issued_at, eligible_cents, recorded_at
       FROM bonus.decision_log
       WHERE ${IN_MONTH('issued_at')} AND credited_invoice_id IS NULL
         AND decision NOT IN ('DUPLICATE', 'CORRECTION_SKIPPED')
       ORDER BY invoice_id, recorded_at DESC),
     per_invoice AS (
       SELECT l.invoice_id, l.customer_id, l.issued_at, l.eligible_cents + coalesce(
           (SELECT sum(c.eligible_cents) FROM bonus.decision_log c
            WHERE c.credited_invoice_id = l.invoice_id AND c.recorded_at > l.recorded_at), 0) AS cents
       FROM latest l)
     SELECT g.household_id, sum(p.cents) AS cents
     FROM per_invoice p ${GRANTED_HOUSEHOLD('p.customer_id', 'p.issued_at')}
     WHERE p.cents <> 0 AND g.household_id IS NOT NULL
     GROUP BY g.household_id`,
    range,
  );
  return rows.map((r) => ({ householdId: r.household_id, cents: Number(r.cents) }));
}

async function documents(m: EntityManager, range: Range): Promise<MonthRecords['documents']> {
  const [r]: Record<string, string>[] = await m.query(
    `SELECT count(DISTINCT invoice_id) FILTER (WHERE credited_invoice_id IS NULL) AS invoices,
       count(DISTINCT invoice_id) FILTER (WHERE credited_invoice_id IS NOT NULL) AS credit_notes
     FROM bonus.decision_log WHERE ${IN_MONTH('issued_at')} AND NOT correction`,
    range,
  );
  return { invoices: Number(r.invoices), creditNotes: Number(r.credit_notes) };
}

async function decisions(m: EntityManager, range: Range): Promise<MonthRecords['decisions']> {
  const rows: { decision: string; reason: string | null; correction: boolean; count: string; change: string }[] =
    await m.query(
      `SELECT decision, reason, correction, count(*) AS count, sum(amount_change_cents) AS change
       FROM bonus.decision_log WHERE ${IN_MONTH('issued_at')}
       GROUP BY decision, reason, correction ORDER BY decision, reason NULLS FIRST, correction`,
      range,
    );
  return rows.map((r) => ({
    decision: r.decision,
    reason: r.reason,
    correction: r.correction,
    count: Number(r.count),
    amountChangeCents: Number(r.change),
  }));
}

/**
 * Decisions carry a customer, not a household: each is put with its payer's household at issuedAt. One pass with
 * two grouping sets: the counts per (decision, reason, correction), and per household the distinct documents seen
 * (an invoice decided twice, as a duplicate, counts once, as in the total).
 */
async function householdDecisions(m: EntityManager, range: Range): Promise<MonthRecords['householdDecisions']> {
  const rows: {
    household_id: string | null;
    per_household: boolean;
    decision: string;
    reason: string | null;
    correction: boolean;
    count: string;
    invoices: string;
    credit_notes: string;
  }[] = await m.query(
    `SELECT g.household_id, GROUPING(d.decision) = 1 AS per_household, d.decision, d.reason, d.correction,
       count(*) AS count,
       count(DISTINCT d.invoice_id) FILTER (WHERE d.credited_invoice_id IS NULL AND NOT d.correction) AS invoices,
       count(DISTINCT d.invoice_id) FILTER (WHERE d.credited_invoice_id IS NOT NULL AND NOT d.correction)
         AS credit_notes
     FROM bonus.decision_log d ${GRANTED_HOUSEHOLD('d.customer_id', 'd.issued_at')}
     WHERE ${IN_MONTH('d.issued_at')}
     GROUP BY GROUPING SETS ((g.household_id), (g.household_id, d.decision, d.reason, d.correction))
     ORDER BY g.household_id COLLATE "C" NULLS LAST, d.decision NULLS FIRST, d.reason NULLS FIRST, d.correction`,
    range,
  );
  const byHousehold = new Map<string | null, HouseholdDecisions>();
  for (const r of rows) {
    if (r.per_household) {
      const seen = { invoicesSeen: Number(r.invoices), creditNotesSeen: Number(r.credit_notes) };
      byHousehold.set(r.household_id, { householdId: r.household_id, ...seen, decisions: [] });
    } else {
      const { decision, reason, correction } = r;
      byHousehold.get(r.household_id)!.decisions.push({ decision, reason, correction, count: Number(r.count) });
    }
  }
  return [...byHousehold.values()];
}

async function deadLetters(m: EntityManager, range: Range): Promise<MonthRecords['deadLetters']> {
  const rows: { error_code: string; count: string }[] = await m.query(
    `SELECT error_code, count(*) AS count FROM bonus.dead_letters WHERE ${IN_MONTH('recorded_at')}
     GROUP BY error_code ORDER BY error_code`,
    range,
  );
  return rows.map((r) => ({ errorCode: r.error_code, count: Number(r.count) }));
}

async function members(m: EntityManager, range: Range): Promise<MonthRecords['members']> {
  const rows: { household_id: string; member_number: string; net: string; events: string }[] = await m.query(
    `SELECT household_id, member_number, sum(amount_cents) AS net, count(*) AS events
     FROM bonus.purchase_log WHERE ${IN_MONTH('purchased_at')}
     GROUP BY household_id, member_number ORDER BY household_id COLLATE "C", member_number COLLATE "C"`,
    range,
  );
  return rows.map((r) => ({
    householdId: r.household_id,
    memberNumber: r.member_number,
    netCents: Number(r.net),
    events: Number(r.events),
  }));
}

/** The checksum is computed where the ids are: no id list crosses the wire. */
async function eventIds(m: EntityManager, range: Range): Promise<MonthRecords['eventIds']> {
  const [r]: { count: string; sha256: string }[] = await m.query(
    `SELECT count(*) AS count,
       encode(sha256(convert_to(coalesce(string_agg(event_id, E'\\n' ORDER BY event_id COLLATE "C"), ''), 'UTF8')),
         'hex') AS sha256
     FROM bonus.purchase_log WHERE ${IN_MONTH('purchased_at')}`,
    range,
  );
  return { count: Number(r.count), sha256: r.sha256 };
}
