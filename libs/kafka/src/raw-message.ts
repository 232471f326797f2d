/** A Kafka record as received: nothing is parsed yet, so a bad one can be dead-lettered exactly as it came. */
export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  timestamp: string;
}
