import { Inject, Injectable, Logger } from '@nestjs/common';
import { PARKED_OUTBOX, ParkedOutbox } from './parked-outbox.port';

/** These parked rows, or all of them. */
export type ParkedSelection = { ids: string[] } | { all: true };

export type RepublishOutcome = { kind: 'republished'; count: number };

/**
 * Puts parked outbox rows back in line for the relay, in their original order; audited with the operator in
 * `bonus.outbox_republishes` (and logged).
 */
@Injectable()
export class RepublishParkedOutboxRowsUseCase {
  private readonly log = new Logger('ParkedOutbox');

  constructor(@Inject(PARKED_OUTBOX) private readonly parked: ParkedOutbox) {}

  async execute(selection: ParkedSelection, operator: string): Promise<RepublishOutcome> {
    const ids = 'all' in selection ? undefined : selection.ids;
    const count = await this.parked.republish(ids, { by: operator, at: new Date() });
    this.log.log({ message: 'parked outbox rows back in line', operator, count, selection });
    return { kind: 'republished', count };
  }
}
