import { CrmContractEvent, DeadLetterEvent, decodeMessage } from '@sa/contracts';
import { RawMessage } from '@sa/kafka';
import { ContractChangeResult, ContractChangeTransaction, ContractVersionStore } from './contract-version-store.port';
import { RecordContractChangesUseCase } from './record-contract-changes.use-case';

/** Versions keyed like the table: (contractId, changedAt) and eventId; staged until the "transaction" succeeds. */
class FakeContractVersions implements ContractVersionStore {
  versions: CrmContractEvent[] = [];
  deadLetters: DeadLetterEvent[] = [];

  async inTransaction<T>(work: (tx: ContractChangeTransaction) => Promise<T>): Promise<T> {
    const versions = [...this.versions];
    const letters: DeadLetterEvent[] = [];
    const tx: ContractChangeTransaction = {
      record: async (c): Promise<ContractChangeResult> => {
        const clash = versions.filter(
          (v) =>
            v.eventId === c.eventId ||
            (v.contractId === c.contractId && Date.parse(v.changedAt) === Date.parse(c.changedAt)),
        );
        if (clash.length === 0) return (void versions.push(c), 'recorded');
        return clash.every(
          (v) =>
            v.contractId === c.contractId &&
            v.changedAt === c.changedAt &&
            v.signerCustomerId === c.signerCustomerId &&
            v.status === c.status,
        )
          ? 'duplicate'
          : 'conflict';
      },
      deadLetter: async (letter) => void letters.push(letter),
    };
    const result = await work(tx);
    this.versions = versions;
    this.deadLetters.push(...letters);
    return result;
  }
}

let offset = 0;
function message(
  value: string | null,
  key = 'K-1',
): { raw: RawMessage; decoded: ReturnType<typeof decodeMessage<CrmContractEvent>> } {
  const raw: RawMessage = {
    topic: 'crm.contracts.v1',
    partition: 0,
    offset: String(offset++),
    key: Buffer.from(key),
    value: value === null ? null : Buffer.from(value),
    timestamp: '0',
  };
  return { raw, decoded: decodeMessage(CrmContractEvent, raw.value) };
}
const change = (over: Partial<CrmContractEvent> = {}) =>
  JSON.stringify({
    eventId: 'e-1',
    contractId: 'K-1',
    signerCustomerId: 'C-1',
    status: 'ACTIVE',
    changedAt: '2026-01-10T12:00:00Z',
    ...over,
  });

describe('RecordContractChangesUseCase', () => {
  const clock = { now: () => new Date('2026-11-23T08:00:00Z') };

  it('stores versions whatever order they arrive in and counts a redelivered eventId as a duplicate', async () => {
    const store = new FakeContractVersions();
    const outcome = await new RecordContractChangesUseCase(store, clock).execute([
      message(change({ eventId: 'e-2', status: 'TERMINATED', changedAt: '2026-06-01T00:00:00Z' })),
      message(change()),
      message(change()),
    ]);
    expect(outcome).toEqual({ recorded: 2, duplicates: 1, deadLettered: 0 });
    expect(store.versions.map((v) => v.eventId)).toEqual(['e-2', 'e-1']);
  });

  it('dead-letters a bad message in the same batch, naming the field, and keeps processing the rest', async () => {
    const store = new FakeContractVersions();
    const bad = message(change({ status: 'SIGNED' as never }));
    const outcome = await new RecordContractChangesUseCase(store, clock).execute([
      bad,
      message('not json'),
      message(change()),
    ]);
    expect(outcome).toEqual({ recorded: 1, duplicates: 0, deadLettered: 2 });
    expect(store.deadLetters.map((d) => [d.errorCode, d.fields])).toEqual([
      ['SCHEMA_VIOLATION', ['status']],
      ['MALFORMED_JSON', []],
    ]);
    expect(store.deadLetters[0]).toMatchObject({
      sourceKey: 'K-1',
      rawValue: bad.raw.value!.toString(),
      rejectedAt: '2026-11-23T08:00:00.000Z',
    });
  });

  it('dead-letters a different state claimed for an already recorded instant as EVENT_CONFLICT', async () => {
    const store = new FakeContractVersions();
    const useCase = new RecordContractChangesUseCase(store, clock);
    await useCase.execute([message(change())]);
    const outcome = await useCase.execute([message(change({ eventId: 'e-9', status: 'TERMINATED' }))]);
    expect(outcome.deadLettered).toBe(1);
    expect(store.deadLetters[0]).toMatchObject({ errorCode: 'EVENT_CONFLICT', fields: ['eventId', 'changedAt'] });
    expect(store.versions).toHaveLength(1);
  });
});
