import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeadLetterEvent, InvoiceDecisionEvent, InvoiceEvent } from '@sa/contracts';
import { deadLetterFor, OutboxRelayControl, RawMessage } from '@sa/kafka';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { decideCreditNoteDocument, decideInvoiceDocument, DocumentDecision } from '../domain/document-decision';
import { invoiceDecisionEventId } from '../domain/event-ids';
import { InvoiceDocument, toInvoiceDocument } from '../domain/invoice-document';
import { decodeBatch } from '../inbound/decode-batch';
import { acceptInvoiceFast } from '../inbound/invoice-fast-check';
import { outboxMessages } from '../outbound/outbox-messages';
import { OUTBOX_RELAY } from '../outbound/outbox-relay.token';
import { DeadLettersRepository } from '../persistence/repositories/dead-letters.repository';
import { InvoiceBatchWritesRepository } from '../persistence/repositories/invoice-batch-writes.repository';
import { InvoicesRepository } from '../persistence/repositories/invoices.repository';
import { ProcessedInputsRepository } from '../persistence/repositories/processed-inputs.repository';
import { SubjectLocksRepository } from '../persistence/repositories/subject-locks.repository';
import { reEvaluateInvoices } from './re-evaluate-invoices';

export interface InvoiceBatchOutcome {
  decided: number;
  duplicates: number;
  /** Same eventId seen before: nothing new is sent. */
  redelivered: number;
  deadLettered: number;
  purchases: number;
}

type Fresh = { message: RawMessage; doc: InvoiceDocument };

/** A batch of invoices and credit notes → decisions, bonus purchases and corrections, in one transaction. */
@Injectable()
export class ProcessInvoiceBatchUseCase {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelayControl,
    @Inject(BONUS_PIPELINE_CONFIG) private readonly config: BonusPipelineConfig,
  ) {}

  async execute(messages: RawMessage[]): Promise<InvoiceBatchOutcome> {
    const now = new Date();
    const decidedAt = now.toISOString();
    const { valid, rejected } = decodeBatch(InvoiceEvent, messages, now, acceptInvoiceFast);
    // PostgreSQL's default READ COMMITTED (no extra SET round trip); the subject locks order conflicting batches.
    const outcome = await this.dataSource.transaction(async (manager) => {
      const claimed = await ProcessedInputsRepository.claim(manager, valid.map((v) => v.value.eventId));
      const fresh: Fresh[] = [];
      for (const { message, value } of valid) {
        if (!claimed.delete(value.eventId)) continue; // redelivered (or repeated within this batch)
        fresh.push({ message, doc: toInvoiceDocument(value) });
      }
      await SubjectLocksRepository.lockCustomersAndContracts(manager, fresh.map((f) => f.doc.customerId), fresh.map((f) => f.doc.contractId), 'SHARE');

      const first = new Map<string, Fresh>();
      for (const f of fresh) if (!first.has(f.doc.invoiceId)) first.set(f.doc.invoiceId, f);
      const stored = await InvoicesRepository.insertNew(manager, [...first.values()].map((f) => f.doc));
      const earlier = await InvoicesRepository.contentHashes(manager, [...first.keys()].filter((id) => !stored.storedNow(id)));

      const accepted: Fresh[] = [];
      const duplicates: Fresh[] = [];
      const conflicts: DeadLetterEvent[] = [];
      for (const f of fresh) {
        const isFirstVersion = stored.storedNow(f.doc.invoiceId) && first.get(f.doc.invoiceId) === f;
        if (isFirstVersion) accepted.push(f);
        else if ((stored.storedNow(f.doc.invoiceId) ? first.get(f.doc.invoiceId)!.doc.contentHash : earlier.get(f.doc.invoiceId)) === f.doc.contentHash) duplicates.push(f);
        else conflicts.push(deadLetterFor(f.message, 'INVOICE_CONFLICT', `invoiceId ${f.doc.invoiceId} was already received with different content; the first version stands`, [{ field: 'invoiceId', rule: 'conflict', message: 'invoiceId already used' }], now));
      }

      const creditNotes = accepted.filter((f) => f.doc.kind === 'credit_note');
      await InvoicesRepository.stubCreditedInvoices(manager, creditNotes.map((f) => f.doc.creditedInvoiceId!));
      // Each invoice is re-judged once; the last input of the batch that touches it is its source.
      const sources = new Map<string, string>();
      for (const { doc } of accepted) sources.set(doc.kind === 'invoice' ? doc.invoiceId : doc.creditedInvoiceId!, doc.eventId);
      const creditedNow = new Set(creditNotes.map((f) => f.doc.creditedInvoiceId!));
      const brandNew = new Map(
        accepted
          .filter(({ doc }) => doc.kind === 'invoice' && !stored.replacedStub(doc.invoiceId) && !creditedNow.has(doc.invoiceId))
          .map(({ doc }) => [doc.invoiceId, { invoiceId: doc.invoiceId, customerId: doc.customerId, contractId: doc.contractId, issuedAtMs: Date.parse(doc.issuedAt), monthlyFeeCents: doc.monthlyFeeCents }]),
      );
      const { judged, purchases, ledgerToInsert } = await reEvaluateInvoices(manager, sources, brandNew);

      const decisions: InvoiceDecisionEvent[] = [
        ...accepted.map(({ doc }) => {
          const target = judged.get(doc.kind === 'invoice' ? doc.invoiceId : doc.creditedInvoiceId!);
          const decided =
            doc.kind === 'invoice'
              ? decideInvoiceDocument({ monthlyFeeCents: target!.facts.monthlyFeeCents, creditedCents: target!.creditedCents, verdict: target!.verdict })
              : decideCreditNoteDocument(doc.monthlyFeeCents, target && { monthlyFeeCents: target.facts.monthlyFeeCents, creditedCents: target.creditedCents, verdict: target.verdict });
          return decisionEvent(doc, decided, decidedAt);
        }),
        ...duplicates.map(({ doc }) => decisionEvent(doc, { decision: 'DUPLICATE', reason: null, eligibleAmountCents: 0 }, decidedAt)),
      ];
      const deadLetters = await DeadLettersRepository.registerNew(manager, [...rejected, ...conflicts]);
      // Decisions, state and outgoing events commit together: the relay publishes only what committed.
      const outbox = outboxMessages(this.config.topics, { purchases, decisions, deadLetters });
      await InvoiceBatchWritesRepository.write(manager, this.config.database.schema, { ledger: ledgerToInsert, outbox, decisions });
      return { decided: accepted.length, duplicates: duplicates.length, redelivered: valid.length - fresh.length, deadLettered: deadLetters.length, purchases: purchases.length };
    });
    this.relay.nudge();
    return outcome;
  }
}

function decisionEvent(doc: InvoiceDocument, decided: DocumentDecision, decidedAt: string): InvoiceDecisionEvent {
  return {
    eventId: invoiceDecisionEventId(doc.eventId),
    invoiceId: doc.invoiceId,
    sourceEventId: doc.eventId,
    customerId: doc.customerId,
    decision: decided.decision,
    reason: decided.reason,
    eligibleAmountCents: decided.eligibleAmountCents,
    decidedAt,
  };
}
