import { RawMessage } from '@sa/kafka';
import {
  DeadLetterArchive,
  DeadLetterDetail,
  DeadLetterFilter,
  RedriveRecord,
  StoredDeadLetter,
} from '../../../apps/bonus-pipeline/src/dead-letters/dead-letter-archive.port';
import { RejectedInput } from '../../../apps/bonus-pipeline/src/dead-letters/rejected-input.factory';

/** In-memory stand-in for PostgresDeadLetterArchive (same ordering and filters), for unit specs. */
export class InMemoryDeadLetterArchive implements DeadLetterArchive {
  private readonly letters = new Map<string, Omit<DeadLetterDetail, 'redriveCount' | 'lastRedrive' | 'redrives'>>();
  readonly audit: (RedriveRecord & { id: string })[] = [];

  /** Keeps a rejected input as the Postgres adapter does when it is registered. */
  keep({ message, letter }: RejectedInput, keptWhole = true): string {
    this.letters.set(letter.eventId, {
      id: letter.eventId,
      sourceTopic: message.topic,
      sourcePartition: message.partition,
      sourceOffset: message.offset,
      sourceKey: message.key,
      code: letter.errorCode,
      message: letter.errorMessage,
      fields: letter.fields,
      recordedAt: new Date(letter.rejectedAt),
      keptWhole,
      rawValue: keptWhole ? message.value : null,
    });
    return letter.eventId;
  }

  async list(filter: DeadLetterFilter): Promise<StoredDeadLetter[]> {
    const key = (l: { recordedAt: Date; id: string }) => `${l.recordedAt.toISOString()}|${l.id}`;
    return [...this.letters.values()]
      .filter(
        (l) =>
          (filter.sourceTopic === undefined || l.sourceTopic === filter.sourceTopic) &&
          (filter.code === undefined || l.code === filter.code) &&
          (filter.since === undefined || l.recordedAt >= filter.since) &&
          (filter.until === undefined || l.recordedAt < filter.until) &&
          (filter.before === undefined || key(l) < key(filter.before)),
      )
      .sort((a, b) => (key(a) < key(b) ? 1 : -1))
      .slice(0, filter.limit)
      .map((l) => this.withHistory(l));
  }

  async find(id: string): Promise<DeadLetterDetail | undefined> {
    const letter = this.letters.get(id);
    return letter && this.withHistory(letter);
  }

  async recordRedrive(id: string, record: RedriveRecord): Promise<void> {
    if (!this.letters.has(id)) throw new Error(`foreign key: no dead letter ${id}`);
    this.audit.push({ id, ...record });
  }

  private withHistory(letter: Omit<DeadLetterDetail, 'redriveCount' | 'lastRedrive' | 'redrives'>): DeadLetterDetail {
    const redrives = this.audit.filter((r) => r.id === letter.id).map(({ id: _, ...r }) => r);
    return { ...letter, redriveCount: redrives.length, lastRedrive: redrives.at(-1) ?? null, redrives };
  }
}

/** A record as the transport hands it over. */
export function rawRecord(topic: string, offset: number, value: string | Buffer, key = 'k'): RawMessage {
  return {
    topic,
    partition: 0,
    offset: String(offset),
    key: Buffer.from(key),
    value: Buffer.isBuffer(value) ? value : Buffer.from(value),
    timestamp: '0',
  };
}
