import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { HelsinkiMonth } from './helsinki-month';
import { HouseholdDecisions, MonthRecords, ReconciliationReader } from './reconciliation-reader.port';

/**
 * Adapter: a month from the purchase log (by purchased_at: `bonus.purchases_between`), the decision log (by the
 * issuedAt of the invoice each decision counts for: `bonus.decisions_issued_between`; with `bonus.consent_events`
 * for households) and `bonus.dead_letters` (by recorded_at). The log functions parse only the log batches whose
 * bounds overlap the month (migration 1764900000000), once per report, into temporary tables of the transaction.
 * One REPEATABLE READ transaction: every figure comes from the same snapshot, so the totals agree with each other
 * while the pipeline keeps writing.
 */
@Injectable()
export class PostgresReconciliationReader implements ReconciliationReader {
  constructor(private readonly dataSource: DataSource) {}

  read(month: HelsinkiMonth): Promise<MonthRecords> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const range = [month.start, month.end];
      // The month's log entries are parsed from their batches' JSON once, into tables of this transaction only.
      await m.query(`CREATE TEMP TABLE month_decisions (LIKE bonus.decision_log) ON COMMIT DROP`);
      await m.query(`INSERT INTO month_decisions SELECT * FROM bonus.decisions_issued_between($1, $2)`, range);
      await m.query(`CREATE TEMP TABLE month_purchases (LIKE bonus.purchase_log) ON COMMIT DROP`);
      await m.query(`INSERT INTO month_purchases SELECT * FROM bonus.purchases_between($1, $2)`, range);
      await m.query(`ANALYZE month_decisions, month_purchases`);
      return {
        sent: await sent(m),
        distinct: await distinct(m),
        eligible: await eligible(m),
        documents: await documents(m),
        decisions: await decisions(m),
        householdDecisions: await householdDecisions(m),
        deadLetters: await deadLetters(m, range),
        members: await members(m),
        eventIds: await eventIds(m),
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

async function sent(m: EntityManager): Promise<MonthRecords['sent']> {
  const rows: Record<string, string>[] = await m.query(
    `SELECT household_id, count(DISTINCT member_number) AS members, count(DISTINCT invoice_id) AS invoices,
       count(*) FILTER (WHERE ${RECORDED}) AS recorded_count,
       coalesce(sum(amount_cents) FILTER (WHERE ${RECORDED}), 0) AS recorded_cents,
       count(*) FILTER (WHERE ${REVERSED}) AS reversed_count,
       coalesce(sum(amount_cents) FILTER (WHERE ${REVERSED}), 0) AS reversed_cents,
       count(*) AS events, count(*) FILTER (WHERE correction) AS correction_events,
       coalesce(sum(amount_cents) FILTER (WHERE correction), 0) AS correction_cents
     FROM month_purchases
     GROUP BY household_id ORDER BY household_id COLLATE "C"`,
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

async function distinct(m: EntityManager): Promise<MonthRecords['distinct']> {
  const [r]: Record<string, string>[] = await m.query(
    `SELECT count(DISTINCT household_id) AS households, count(DISTINCT member_number) AS members,
       count(DISTINCT invoice_id) AS invoices
     FROM month_purchases`,
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
async function eligible(m: EntityManager): Promise<MonthRecords['eligible']> {
  const rows: { household_id: string; cents: string }[] = await m.query(
    `WITH latest AS (
       SELECT DISTINCT ON (invoice_id) invoice_id, customer_id, issued_at, eligible_cents, recorded_at
       FROM month_decisions
       WHERE credited_invoice_id IS NULL AND decision NOT IN ('DUPLICATE', 'CORRECTION_SKIPPED')
       ORDER BY invoice_id, recorded_at DESC),
     per_invoice AS (
       SELECT l.invoice_id, l.customer_id, l.issued_at, l.eligible_cents + coalesce(sum(c.eligible_cents), 0) AS cents
       FROM latest l
       LEFT JOIN month_decisions c ON c.credited_invoice_id = l.invoice_id AND c.recorded_at > l.recorded_at
       GROUP BY l.invoice_id, l.customer_id, l.issued_at, l.eligible_cents)
     SELECT g.household_id, sum(p.cents) AS cents
     FROM per_invoice p ${GRANTED_HOUSEHOLD('p.customer_id', 'p.issued_at')}
     WHERE p.cents <> 0 AND g.household_id IS NOT NULL
     GROUP BY g.household_id`,
  );
  return rows.map((r) => ({ householdId: r.household_id, cents: Number(r.cents) }));
}

async function documents(m: EntityManager): Promise<MonthRecords['documents']> {
  const [r]: Record<string, string>[] = await m.query(
    `SELECT count(DISTINCT invoice_id) FILTER (WHERE credited_invoice_id IS NULL) AS invoices,
       count(DISTINCT invoice_id) FILTER (WHERE credited_invoice_id IS NOT NULL) AS credit_notes
     FROM month_decisions WHERE NOT correction`,
  );
  return { invoices: Number(r.invoices), creditNotes: Number(r.credit_notes) };
}

async function decisions(m: EntityManager): Promise<MonthRecords['decisions']> {
  const rows: { decision: string; reason: string | null; correction: boolean; count: string; change: string }[] =
    await m.query(
      `SELECT decision, reason, correction, count(*) AS count, sum(amount_change_cents) AS change
       FROM month_decisions
       GROUP BY decision, reason, correction ORDER BY decision, reason NULLS FIRST, correction`,
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
async function householdDecisions(m: EntityManager): Promise<MonthRecords['householdDecisions']> {
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
     FROM month_decisions d ${GRANTED_HOUSEHOLD('d.customer_id', 'd.issued_at')}
     GROUP BY GROUPING SETS ((g.household_id), (g.household_id, d.decision, d.reason, d.correction))
     ORDER BY g.household_id COLLATE "C" NULLS LAST, d.decision NULLS FIRST, d.reason NULLS FIRST, d.correction`,
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

async function members(m: EntityManager): Promise<MonthRecords['members']> {
  const rows: { household_id: string; member_number: string; net: string; events: string }[] = await m.query(
    `SELECT household_id, member_number, sum(amount_cents) AS net, count(*) AS events
     FROM month_purchases
     GROUP BY household_id, member_number ORDER BY household_id COLLATE "C", member_number COLLATE "C"`,
  );
  return rows.map((r) => ({
    householdId: r.household_id,
    memberNumber: r.member_number,
    netCents: Number(r.net),
    events: Number(r.events),
  }));
}

/** The checksum is computed where the ids are: no id list crosses the wire. */
async function eventIds(m: EntityManager): Promise<MonthRecords['eventIds']> {
  const [r]: { count: string; sha256: string }[] = await m.query(
    `SELECT count(*) AS count,
       encode(sha256(convert_to(coalesce(string_agg(event_id, E'\\n' ORDER BY event_id COLLATE "C"), ''), 'UTF8')),
         'hex') AS sha256
     FROM month_purchases`,
  );
  return { count: Number(r.count), sha256: r.sha256 };
}
