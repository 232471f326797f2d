import { readFileSync } from 'node:fs';

/**
 * The relay hands kafkajs up to ~1 MiB of rows per request. kafkajs 2.2.4 grouped them per partition by copying the
 * partition's list for every message (quadratic: a fifth of the relay thread's time and much of its garbage at full
 * size, docs/benchmarks.md); `patches/kafkajs+2.2.4.patch`, applied by patch-package on install, groups them in one
 * pass. These specs fail on a checkout where the patch did not apply.
 */
type Grouping = (args: {
  topic: string;
  partitionMetadata: unknown[];
  messages: { key: string }[];
  partitioner: (args: { message: { key: string } }) => number;
}) => Record<number, { key: string }[]>;

const modulePath = require.resolve('kafkajs/src/producer/groupMessagesPerPartition');
const groupMessagesPerPartition = require(modulePath) as Grouping;

describe('kafkajs groupMessagesPerPartition (patched)', () => {
  const partitionMetadata = [{ partitionId: 0 }, { partitionId: 1 }, { partitionId: 2 }];

  it('puts every message under its partition, in the order given', () => {
    const messages = Array.from({ length: 20_000 }, (_, i) => ({ key: String(i) }));
    const grouped = groupMessagesPerPartition({
      topic: 't',
      partitionMetadata,
      messages,
      partitioner: ({ message }) => Number(message.key) % 3,
    });
    expect(Object.keys(grouped)).toEqual(['0', '1', '2']);
    for (const partition of [0, 1, 2])
      expect(grouped[partition]).toEqual(messages.filter((m) => Number(m.key) % 3 === partition));
  });

  it('groups nothing for a topic without partition metadata', () => {
    const grouped = groupMessagesPerPartition({
      topic: 't',
      partitionMetadata: [],
      messages: [{ key: 'a' }],
      partitioner: () => 0,
    });
    expect(grouped).toEqual({});
  });

  it('is the one-pass version from patches/ (no copy of the list per message)', () => {
    const source = readFileSync(modulePath, 'utf8');
    expect(source).toContain('result[partition].push(message)');
    expect(source).not.toContain('[...current, message]');
  });
});
