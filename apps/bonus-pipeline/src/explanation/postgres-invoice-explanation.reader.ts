import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConsentRecord, ContractVersion } from '../domain/bonus-facts';
import {
  InvoiceExplanationReader,
  InvoiceRecords,
  LoggedDecision,
  LoggedPurchase,
  StoredDocument,
} from './invoice-explanation-reader.port';

/** Adapter: one invoice from `bonus.invoices`, its facts, and the purchase and decision logs, in one snapshot. */
@Injectable()
export class PostgresInvoiceExplanationReader implements InvoiceExplanationReader {
  constructor(private readonly dataSource: DataSource) {}

  read(invoiceId: string): Promise<InvoiceRecords | undefined> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      const [asked] = await documents(m, 'invoice_id = $1', invoiceId);
      if (!asked) return undefined;
      const subjectId = asked.kind === 'credit_note' ? asked.creditedInvoiceId! : asked.invoiceId;
      const [invoice] = subjectId === asked.invoiceId ? [asked] : await documents(m, 'invoice_id = $1', subjectId);
      return {
        asked,
        invoice,
        creditNotes: await documents(m, `credited_invoice_id = $1 AND kind = 'credit_note'`, subjectId),
        contractHistory: invoice?.contractId ? await contractHistory(m, invoice.contractId) : [],
        consentHistory: invoice?.customerId ? await consentHistory(m, invoice.customerId) : [],
        decisions: await decisions(m, [...new Set([subjectId, asked.invoiceId])]),
        purchases: await purchases(m, subjectId),
      };
    });
  }
}

async function documents(m: EntityManager, where: string, id: string): Promise<StoredDocument[]> {
  const rows: {
    invoice_id: string;
    kind: StoredDocument['kind'];
    event_id: string | null;
    credited_invoice_id: string | null;
    customer_id: string | null;
    contract_id: string | null;
    issued_at: Date | null;
    monthly_fee_cents: string | null;
    recorded_at: Date | null;
  }[] = await m.query(
    `SELECT invoice_id, kind, event_id, credited_invoice_id, customer_id, contract_id, issued_at, monthly_fee_cents,
       recorded_at
     FROM bonus.invoices WHERE ${where} ORDER BY issued_at, invoice_id`,
    [id],
  );
  return rows.map((r) => ({
    invoiceId: r.invoice_id,
    kind: r.kind,
    eventId: r.event_id,
    creditedInvoiceId: r.credited_invoice_id,
    customerId: r.customer_id,
    contractId: r.contract_id,
    issuedAt: r.issued_at,
    monthlyFeeCents: r.monthly_fee_cents === null ? null : Number(r.monthly_fee_cents),
    recordedAt: r.recorded_at,
  }));
}

async function contractHistory(m: EntityManager, contractId: string): Promise<ContractVersion[]> {
  const rows: {
    event_id: string;
    contract_id: string;
    changed_at: Date;
    signer_customer_id: string;
    status: ContractVersion['status'];
    recorded_at: Date | null;
  }[] = await m.query(
    `SELECT event_id, contract_id, changed_at, signer_customer_id, status, recorded_at
     FROM bonus.contract_versions WHERE contract_id = $1 ORDER BY changed_at, event_id`,
    [contractId],
  );
  return rows.map((r) => ({
    eventId: r.event_id,
    contractId: r.contract_id,
    changedAtMs: r.changed_at.getTime(),
    signerCustomerId: r.signer_customer_id,
    status: r.status,
    recordedAtMs: r.recorded_at?.getTime() ?? null,
  }));
}

async function consentHistory(m: EntityManager, customerId: string): Promise<ConsentRecord[]> {
  const rows: {
    event_id: string;
    customer_id: string;
    effective_at: Date;
    event_type: ConsentRecord['eventType'];
    registration_id: string;
    member_number: string;
    household_id: string;
    recorded_at: Date | null;
  }[] = await m.query(
    `SELECT event_id, customer_id, effective_at, event_type, registration_id, member_number, household_id, recorded_at
     FROM bonus.consent_events WHERE customer_id = $1 ORDER BY effective_at, event_id`,
    [customerId],
  );
  return rows.map((r) => ({
    eventId: r.event_id,
    customerId: r.customer_id,
    effectiveAtMs: r.effective_at.getTime(),
    eventType: r.event_type,
    registrationId: r.registration_id,
    memberNumber: r.member_number,
    householdId: r.household_id,
    recordedAtMs: r.recorded_at?.getTime() ?? null,
  }));
}

/** Decisions about the invoice, and those of its credit notes (which name it as credited). */
async function decisions(m: EntityManager, invoiceIds: string[]): Promise<LoggedDecision[]> {
  const rows: Record<string, unknown>[] = await m.query(
    `SELECT * FROM bonus.decisions_about($1::text[]) ORDER BY recorded_at, decided_at, event_id`,
    [invoiceIds],
  );
  return rows.map((r) => ({
    eventId: r.event_id as string,
    invoiceId: r.invoice_id as string,
    creditedInvoiceId: r.credited_invoice_id as string | null,
    customerId: r.customer_id as string,
    decision: r.decision as string,
    reason: r.reason as string | null,
    eligibleAmountCents: Number(r.eligible_cents),
    amountChangeCents: Number(r.amount_change_cents),
    correction: r.correction as boolean,
    causeEventId: r.cause_event_id as string | null,
    sourceEventId: r.source_event_id as string,
    decidedAt: r.decided_at as Date,
    recordedAt: r.recorded_at as Date,
  }));
}

async function purchases(m: EntityManager, invoiceId: string): Promise<LoggedPurchase[]> {
  const rows: Record<string, unknown>[] = await m.query(
    `SELECT * FROM bonus.purchases_about(ARRAY[$1]) ORDER BY recorded_at, event_id`,
    [invoiceId],
  );
  return rows.map((r) => ({
    eventId: r.event_id as string,
    eventType: r.event_type as string,
    invoiceId: r.invoice_id as string,
    memberNumber: r.member_number as string,
    householdId: r.household_id as string,
    amountCents: Number(r.amount_cents),
    purchasedAt: r.purchased_at as Date,
    sourceEventId: r.source_event_id as string,
    correction: r.correction as boolean,
    recordedAt: r.recorded_at as Date,
  }));
}
