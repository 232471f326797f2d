/** A Kafka record as received: nothing is parsed yet, so a bad one can be dead-lettered exactly as it came. */
export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  /** The key's bytes as received (not decoded: a key need not be UTF-8). */
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
}
