// kafkajs (pinned 2.2.4) keeps its table of Kafka protocol errors in an untyped internal module; the log
// mapper reads it to name the error behind a kafkajs log line and whether kafkajs retries it.
declare module 'kafkajs/src/protocol/error' {
  export const errorCodes: ReadonlyArray<{ type: string; code: number; retriable: boolean; message: string }>;
}
