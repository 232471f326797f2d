import { Inject, Injectable } from '@nestjs/common';
import { DeadLetterEvent, InvoiceDecisionEvent, InvoiceEvent } from '@sa/contracts';
import { Judgement } from '../domain/bonus-facts';
import { RawMessage } from '@sa/kafka';
import { RejectedInput, rejectedInput } from '../dead-letters/rejected-input.factory';
import { decideDocument, decisionEvent, DUPLICATE_DECISION } from '../domain/document-decision';
import {
  classifyInvoiceInputs,
  firstVersions,
  InvoiceDocument,
  invoiceTargets,
  toInvoiceDocument,
} from '../domain/invoice-document';
import { rejudgeInvoices } from '../domain/settle-invoice';
import { DecodedBatch } from '../kafka-inputs/decode-batch';
import { BeforeCommit } from '../kafka-inputs/input-batch-outcome';
import { INVOICE_BATCH_STORE, InvoiceBatchStore } from './invoice-batch-store.port';
import { BONUS_PIPELINE_CONFIG, BonusPipelineConfig } from '../bonus-pipeline.config';
import { correctionWindowMs, FactWindow } from '../domain/correction-window';

/** What one invoice batch did. */
export interface InvoiceBatchOutcome {
  /** Invoices and credit notes judged: one decision each. */
  decided: number;
  /** Same invoiceId and content under a new eventId: a DUPLICATE decision each. */
  duplicates: number;
  /** Same eventId seen before with the content stored under its invoiceId: nothing new is sent. */
  redelivered: number;
  /** Dead letters registered now (one registered before for the same source position is not sent again). */
  deadLettered: number;
  purchases: number;
  /** Every input of the batch that cannot be processed, dead-lettered now or before: a re-drive reports these. */
  unprocessable: DeadLetterEvent[];
}

type Fresh = { message: RawMessage; doc: InvoiceDocument };

/**
 * Invoices and credit notes → one decision each, the purchases they cause and any corrections, in
 * one transaction: claim the inputs, lock their payers and contracts, store the first versions,
 * sort out duplicates and conflicts, re-judge the invoices they are about, and put it all in the outbox.
 */
@Injectable()
export class ProcessInvoiceBatchUseCase {
  private readonly window: FactWindow;

  constructor(
    @Inject(INVOICE_BATCH_STORE) private readonly store: InvoiceBatchStore,
    @Inject(BONUS_PIPELINE_CONFIG) config: Pick<BonusPipelineConfig, 'correctionWindowDays'>,
  ) {
    this.window = { windowMs: correctionWindowMs(config.correctionWindowDays) };
  }

  execute(
    { valid, rejected, at }: DecodedBatch<InvoiceEvent>,
    beforeCommit?: BeforeCommit,
  ): Promise<InvoiceBatchOutcome> {
    return this.store.inTransaction(async (tx) => {
      const claimed = await tx.claim(valid.map((v) => v.value.eventId));
      // Not claimed now: redelivered, or repeated within this batch.
      const [fresh, repeats] = partition(valid.map(freshInput), (f) => claimed.delete(f.doc.eventId));
      await tx.lockPayersAndContracts(docsOf(fresh));
      const first = firstVersions(fresh);
      const stored = await tx.storeFirstVersions(
        [...first.values()].map((f) => f.doc),
        at,
      );
      const unstored = [...first.keys()].filter((id) => !stored.storedNow(id));
      const storedHashes = await tx.contentHashes([...new Set([...unstored, ...repeats.map((r) => r.doc.invoiceId)])]);
      const { accepted, duplicates, conflicts } = classifyInvoiceInputs(fresh, first, stored, storedHashes);
      // A repeated eventId whose invoiceId holds other content is still a conflict (a re-drive says so).
      const repeatConflicts = repeats.filter((r) => conflictsWithStored(r.doc, storedHashes));
      const targets = invoiceTargets(docsOf(accepted), stored, at);
      const inputs = await tx.readForRejudging([...targets.sources.keys()], targets.brandNew);
      const { judged, purchases, ledger, replaced } = rejudgeInvoices(inputs, targets.sources, this.window);
      await tx.removeHoldings(replaced);
      const decisions = decisionsOf(docsOf(accepted), docsOf(duplicates), judged, targets.sources, at);
      const unprocessable = [...rejected, ...[...conflicts, ...repeatConflicts].map((f) => conflictInput(f, at))];
      const deadLetters = await tx.registerDeadLetters(unprocessable);
      // Decisions, state and outgoing events commit together: the relay publishes only what committed.
      await tx.finish({ ledger, purchases, decisions, deadLetters });
      const outcome: InvoiceBatchOutcome = {
        decided: accepted.length,
        duplicates: duplicates.length,
        redelivered: repeats.length - repeatConflicts.length,
        deadLettered: deadLetters.length,
        purchases: purchases.length,
        unprocessable: unprocessable.map((r) => r.letter),
      };
      await beforeCommit?.(outcome, tx);
      return outcome;
    });
  }
}

const docsOf = (inputs: Fresh[]): InvoiceDocument[] => inputs.map((f) => f.doc);

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}

/** Stored with other content under the same invoiceId; one not stored (yet) is no conflict. */
function conflictsWithStored(doc: InvoiceDocument, storedHashes: ReadonlyMap<string, string>): boolean {
  const hash = storedHashes.get(doc.invoiceId);
  return hash !== undefined && hash !== doc.contentHash;
}

/** One decision per accepted document, from the re-judgement of the invoice it is about; DUPLICATE for duplicates. */
function decisionsOf(
  accepted: InvoiceDocument[],
  duplicates: InvoiceDocument[],
  judged: Map<string, Judgement>,
  sources: Map<string, string>,
  at: Date,
): InvoiceDecisionEvent[] {
  const decidedAt = at.toISOString();
  return [
    ...accepted.map((doc) => decisionEvent(doc, decideDocument(doc, judged, sources), decidedAt)),
    ...duplicates.map((doc) => decisionEvent(doc, DUPLICATE_DECISION, decidedAt)),
  ];
}

function freshInput({ message, value }: { message: RawMessage; value: InvoiceEvent }): Fresh {
  return { message, doc: toInvoiceDocument(value) };
}

function conflictInput({ message, doc }: Fresh, at: Date): RejectedInput {
  const text = `invoiceId ${doc.invoiceId} was already received with different content; the first version stands`;
  const fault = { field: 'invoiceId', rule: 'conflict', message: 'invoiceId already used' };
  return rejectedInput(message, 'INVOICE_CONFLICT', text, [fault], at);
}
