import { Inject, Injectable } from '@nestjs/common';
import { ParkedOutboxRow } from '@sa/outbox';
import { PARKED_OUTBOX, ParkedOutbox } from './parked-outbox.port';

export type ListParkedOutcome = { kind: 'listed'; items: ParkedOutboxRow[] };

/** The parked outbox rows, oldest first. */
@Injectable()
export class ListParkedOutboxRowsUseCase {
  constructor(@Inject(PARKED_OUTBOX) private readonly parked: ParkedOutbox) {}

  async execute(limit: number): Promise<ListParkedOutcome> {
    return { kind: 'listed', items: await this.parked.list(limit) };
  }
}
