import { LogEntry, logLevel } from 'kafkajs';
import { errorCodes } from 'kafkajs/src/protocol/error';

export interface KafkaLogLine {
  level: 'error' | 'warn' | 'info';
  line: Record<string, unknown>;
}

// kafkajs logs a failed request as `Response <Api>(key, version)` with only the error's text; the text
// finds the protocol error (its type and code) in kafkajs's own table.
const PROTOCOL_ERRORS = new Map(errorCodes.map((e) => [e.message, e]));

// Not retriable in kafkajs's table, yet answered on purpose and handled where they occur: a topic another
// instance created at the same moment (ensureTopics counts it as created) and a group rejoin kafkajs does itself.
const HANDLED: Record<string, string> = {
  TOPIC_ALREADY_EXISTS: 'another instance created it at the same moment; counted as created',
  REBALANCE_IN_PROGRESS: 'the group is rebalancing; kafkajs rejoins it',
  MEMBER_ID_REQUIRED: 'the first join of a group member; kafkajs joins again with its id',
};

/**
 * Maps a kafkajs log entry to the service's log: which level, and a message naming the real cause.
 * A retriable protocol error (a coordinator or partition leader not there yet, a coordinator still
 * loading: normal while a broker starts or moves partitions) is info, because kafkajs retries it and
 * running out of retries surfaces as an error of its own; everything else keeps kafkajs's level.
 * `undefined`: not worth a line.
 */
export function mapKafkajsLog({ level, log }: Pick<LogEntry, 'level' | 'log'>): KafkaLogLine | undefined {
  const { message, ...extra } = log;
  // Our relay bounds retries on purpose and re-sends whole batches itself (see OutboxRelay).
  if (typeof message === 'string' && message.startsWith('Limiting retries for the idempotent producer')) return;
  const cause = typeof extra.error === 'string' ? PROTOCOL_ERRORS.get(extra.error) : undefined;
  const kafkaLevel = level <= logLevel.ERROR ? 'error' : 'warn';
  if (!cause) return { level: kafkaLevel, line: { message: `kafkajs: ${message}`, ...extra } };
  const request = typeof message === 'string' ? message.replace(/^Response /, '') : String(message);
  const why = cause.retriable ? 'transient; kafkajs retries it' : HANDLED[cause.type];
  return {
    level: why ? 'info' : kafkaLevel,
    line: {
      message: `kafkajs: ${request} answered ${cause.type} (${cause.message})${why ? `: ${why}` : ''}`,
      ...extra,
      errorType: cause.type,
      errorCode: cause.code,
      retriable: cause.retriable,
    },
  };
}
