/**
 * Tells a failure that will pass by itself (database or broker unreachable, a deadlock, a
 * serialization conflict) from one that will fail the same way again. Only the first kind is
 * retried without bound; the second is narrowed down to the message at fault.
 */
export function isTransientFailure(error: unknown): boolean {
  for (const cause of causesOf(error)) {
    if (
      transientByCode(cause.code) ||
      transientByName(cause) ||
      TRANSIENT_MESSAGES.some((m) => m.test(cause.message))
    ) {
      return true;
    }
  }
  return false;
}

/** A short, stable description of a failure: the same fault gives the same signature. */
export function failureSignature(error: unknown): string {
  const [first] = causesOf(error);
  if (!first) return String(error);
  const code = typeof first.code === 'string' ? `[${first.code}] ` : '';
  return `${first.name}: ${code}${first.message.replace(/\d+/g, '#').slice(0, 200)}`;
}

interface Cause {
  name: string;
  message: string;
  code?: unknown;
  retriable?: unknown;
}

// SQLSTATE classes: 08 connection, 40 rollback (serialization, deadlock), 53 resources,
// 57 operator intervention (shutdown, cannot connect now), 58 system error; 55P03 lock not available.
const TRANSIENT_SQLSTATE = /^(08|40|53|57|58)[0-9A-Z]{3}$|^55P03$/;
const TRANSIENT_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const TRANSIENT_KAFKAJS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSMetadataNotLoaded',
]);
const TRANSIENT_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Query runner already released/i,
  /Cannot use a pool after calling end/i,
];

function transientByCode(code: unknown): boolean {
  return typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_ERRNO.has(code));
}

function transientByName(cause: Cause): boolean {
  if (!cause.name.startsWith('KafkaJS')) return false;
  return TRANSIENT_KAFKAJS.has(cause.name) || cause.retriable === true;
}

/** The error and what it wraps (TypeORM's driverError, kafkajs's cause/originalError), at most 8 deep. */
function causesOf(error: unknown): Cause[] {
  const causes: Cause[] = [];
  let current: unknown = error;
  while (current instanceof Error && causes.length < 8) {
    const e = current as Error & {
      code?: unknown;
      retriable?: unknown;
      driverError?: unknown;
      originalError?: unknown;
    };
    causes.push({ name: e.name, message: e.message, code: e.code, retriable: e.retriable });
    current = e.driverError ?? e.originalError ?? e.cause;
  }
  return causes;
}
