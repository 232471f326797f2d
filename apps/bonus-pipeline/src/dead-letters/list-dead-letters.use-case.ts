import { Inject, Injectable } from '@nestjs/common';
import {
  DEAD_LETTER_ARCHIVE,
  DeadLetterArchive,
  DeadLetterCursor,
  DeadLetterFilter,
  StoredDeadLetter,
} from './dead-letter-archive.port';

export type ListDeadLettersOutcome = {
  kind: 'listed';
  /** Newest first. */
  items: StoredDeadLetter[];
  /** Where the next page starts; null on the last page. */
  next: DeadLetterCursor | null;
};

/** One page of the stored dead letters, newest first (keyset pagination: stable while new letters arrive). */
@Injectable()
export class ListDeadLettersUseCase {
  constructor(@Inject(DEAD_LETTER_ARCHIVE) private readonly archive: DeadLetterArchive) {}

  async execute(filter: DeadLetterFilter): Promise<ListDeadLettersOutcome> {
    // One more than asked tells whether a next page exists without counting.
    const rows = await this.archive.list({ ...filter, limit: filter.limit + 1 });
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    const next = rows.length > filter.limit ? { recordedAt: last.recordedAt, id: last.id } : null;
    return { kind: 'listed', items, next };
  }
}
