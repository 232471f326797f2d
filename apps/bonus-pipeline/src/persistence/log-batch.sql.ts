import { BonusPurchaseEvent, InvoiceDecisionEvent } from '@sa/contracts';
import { SqlParameters } from '@sa/persistence';

/** The fields of a purchase the log's row needs besides its JSON (the rest is read back from the JSON). */
export type LoggedPurchaseFields = Pick<BonusPurchaseEvent, 'invoiceId' | 'purchasedAt' | 'sourceEventId'>;

/**
 * One `bonus.log_batches` row: what one transaction sent, as sent (migration 1764900000000). Its JSON is not here:
 * the statement joins the outgoing payloads it already binds (`insertLogBatchSql`), purchases first, then decisions.
 */
export interface LogBatch {
  /** How many of the outgoing payloads are purchases (the first ones) and decisions (the next ones). */
  purchaseCount: number;
  decisionCount: number;
  /** Per decision, the issuedAt it counts for; null: the database looks it up (`issuedAtOfDecisions`). */
  issuedAt: readonly (string | null)[];
  /** Per decision, what the database looks the issuedAt up by, where `issuedAt` is null (else null). */
  lookupInvoiceIds: readonly (string | null)[];
  lookupCreditedIds: readonly (string | null)[];
  /** 1-based positions of the purchases a correction decision of the batch announces. */
  correctionPositions: readonly number[];
  /** The earliest and latest purchasedAt (as sent), for a month's lookup; undefined without purchases. */
  purchasedRange?: [earliest: string, latest: string];
  /** Every invoice the batch's decisions and purchases are about (credited invoices included), once each. */
  invoiceIds: readonly string[];
}

/**
 * The log row of what a transaction sent: the JSON already serialised for the outbox is joined in the statement, not
 * rebuilt, so the invoice path pays per invoice only an issuedAt and an id (a report or explanation reads the JSON).
 */
export function logBatch(
  decisions: readonly InvoiceDecisionEvent[],
  purchases: readonly LoggedPurchaseFields[],
  issuedAtOf: ReadonlyMap<string, string>,
): LogBatch {
  const issuedAt = issuedAtOfDecisions(decisions, issuedAtOf);
  const lookup = (id: (d: InvoiceDecisionEvent) => string | null | undefined) =>
    decisions.map((d, i) => (issuedAt[i] === null ? (id(d) ?? null) : null));
  const invoiceIds = new Set<string>();
  for (const d of decisions) {
    invoiceIds.add(d.invoiceId);
    if (d.creditedInvoiceId) invoiceIds.add(d.creditedInvoiceId);
  }
  for (const p of purchases) invoiceIds.add(p.invoiceId);
  return {
    purchaseCount: purchases.length,
    decisionCount: decisions.length,
    issuedAt,
    lookupInvoiceIds: lookup((d) => d.invoiceId),
    lookupCreditedIds: lookup((d) => d.creditedInvoiceId),
    correctionPositions: correctionPositions(purchases, decisions),
    purchasedRange: purchasedRange(purchases),
    invoiceIds: [...invoiceIds],
  };
}

/**
 * The purchases a correction decision of the same batch announces (same cause and invoice), 1-based: purchases
 * carry no flag of their own on the topic.
 */
export function correctionPositions(
  purchases: readonly Pick<BonusPurchaseEvent, 'invoiceId' | 'sourceEventId'>[],
  decisions: readonly InvoiceDecisionEvent[],
): number[] {
  const corrections = decisions.filter((d) => d.correction);
  if (corrections.length === 0 || purchases.length === 0) return [];
  const announced = new Set(corrections.map((d) => `${d.causeEventId ?? d.sourceEventId}\u0000${d.invoiceId}`));
  const positions: number[] = [];
  purchases.forEach((p, i) => {
    if (announced.has(`${p.sourceEventId}\u0000${p.invoiceId}`)) positions.push(i + 1);
  });
  return positions;
}

function purchasedRange(purchases: readonly Pick<BonusPurchaseEvent, 'purchasedAt'>[]): LogBatch['purchasedRange'] {
  if (purchases.length === 0) return undefined;
  let [earliest, latest] = [purchases[0].purchasedAt, purchases[0].purchasedAt];
  let [from, to] = [Date.parse(earliest), Date.parse(earliest)];
  for (const { purchasedAt } of purchases) {
    const at = Date.parse(purchasedAt);
    if (at < from) [from, earliest] = [at, purchasedAt];
    if (at > to) [to, latest] = [at, purchasedAt];
  }
  return [earliest, latest];
}

/**
 * The issuedAt each decision counts for (its month in the reconciliation): its invoice's; a credit note's is the
 * invoice it credits, as its reversal's purchasedAt is (its own while that invoice is unknown: INVOICE_UNKNOWN, which
 * changes nothing). `issuedAtOf` is what the transaction stored or re-judged (invoiceId → ISO); null leaves it to the
 * database (a credit note whose invoice was not re-judged: unknown, or a duplicate).
 */
export function issuedAtOfDecisions(
  decisions: readonly InvoiceDecisionEvent[],
  issuedAtOf: ReadonlyMap<string, string>,
): (string | null)[] {
  return decisions.map((d) => issuedAtOf.get(d.creditedInvoiceId ?? d.invoiceId) ?? null);
}

/**
 * Appends one log row, bound to `p`. `payloads` is the SQL of the outgoing JSON texts as a `text[]`, purchases first,
 * then decisions (as the outbox rows are written: bound once, the log joins its slices). An issuedAt the transaction
 * did not know is read from `bonus.invoices` (stored earlier in the same transaction): the credited invoice's if it
 * arrived, else the document's own; only the few credit notes whose invoice was not re-judged need it.
 */
export function insertLogBatchSql(p: SqlParameters, batch: LogBatch, payloads: string): string {
  const [earliest, latest] = batch.purchasedRange ?? [null, null];
  const { purchaseCount: purchases, decisionCount: decisions } = batch;
  // 1-based and inclusive; an empty slice joins to '[]'. The bounds are counts, written as integer literals.
  const json = (from: number, to: number) => `'[' || array_to_string(sent.payloads[${from}:${to}], ',') || ']'`;
  return `INSERT INTO bonus.log_batches (decisions, issued_at, min_issued_at, max_issued_at, purchases,
         purchase_corrections, min_purchased_at, max_purchased_at, invoice_ids)
       SELECT ${json(purchases + 1, purchases + decisions)}, x.issued_at,
         (SELECT min(v) FROM unnest(x.issued_at) v), (SELECT max(v) FROM unnest(x.issued_at) v),
         ${json(1, purchases)}, ${p.add(`{${batch.correctionPositions.join(',')}}`)}::int[],
         ${p.add(earliest)}::timestamptz, ${p.add(latest)}::timestamptz, ${p.column(batch.invoiceIds)}
       FROM (SELECT ARRAY(
         SELECT coalesce(d.issued_at,
           (SELECT i.issued_at FROM bonus.invoices i WHERE i.invoice_id = d.credited_id AND i.kind = 'invoice'),
           (SELECT i.issued_at FROM bonus.invoices i WHERE i.invoice_id = d.invoice_id))
         FROM unnest(${p.column(batch.issuedAt, 'timestamptz')}, ${p.column(batch.lookupInvoiceIds)},
           ${p.column(batch.lookupCreditedIds)}) WITH ORDINALITY AS d(issued_at, invoice_id, credited_id, n)
         ORDER BY d.n) AS issued_at) x,
         (SELECT ${payloads} AS payloads) sent`;
}
