import { SentPurchase } from '../domain/sent-purchases';

/** End offsets per input topic partition. */
export type InputHorizon = { topic: string; partition: number; endOffset: string }[];

/** Port: what recovery needs from the broker. */
export interface RecoveryTopics {
  /** Reads `topic` from its start to the end offsets it has now, handing each purchase event over in order. */
  readToEnd(topic: string, each: (purchase: SentPurchase) => void): Promise<void>;
  endOffsets(topics: string[]): Promise<InputHorizon>;
  /** Forgets the group's committed offsets, so its consumers start from each topic's beginning. */
  rewind(groupId: string): Promise<void>;
  /** Whether the group has committed every partition up to the horizon. */
  reached(groupId: string, horizon: InputHorizon): Promise<boolean>;
}

export const RECOVERY_TOPICS = Symbol('RECOVERY_TOPICS');
