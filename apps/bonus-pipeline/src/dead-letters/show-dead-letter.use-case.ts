import { Inject, Injectable } from '@nestjs/common';
import { DEAD_LETTER_ARCHIVE, DeadLetterArchive, DeadLetterDetail } from './dead-letter-archive.port';

export type ShowDeadLetterOutcome = { kind: 'found'; letter: DeadLetterDetail } | { kind: 'not-found'; id: string };

/** One dead letter in full: the bytes as received and its re-drive history. */
@Injectable()
export class ShowDeadLetterUseCase {
  constructor(@Inject(DEAD_LETTER_ARCHIVE) private readonly archive: DeadLetterArchive) {}

  async execute(id: string): Promise<ShowDeadLetterOutcome> {
    const letter = await this.archive.find(id);
    return letter ? { kind: 'found', letter } : { kind: 'not-found', id };
  }
}
