import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { BonusPurchaseEvent, resolveTopicNames, TopicNames } from '@sa/contracts';
import { JsonLogger } from '@sa/platform';
import { loadBonusPipelineConfig } from '../../apps/bonus-pipeline/src/bonus-pipeline.config';
import { KafkaRecoveryTopics } from '../../apps/bonus-pipeline/src/recovery/kafka-recovery.topics';
import { startBonusPipeline } from '../../apps/bonus-pipeline/src/start-bonus-pipeline';
import { createDatabase, dropDatabase, freshDatabaseName, redactUrl } from '../infra/postgres-server';
import { PartitionPosition, progressLine, replayProgress } from './replay-progress';

/**
 * Backfill: runs the bonus pipeline over the input topics under a consumer group of its own (the live group is
 * untouched), from the topics' start or from an instant, with progress, until the group has reached the end
 * offsets the topics had when it began and the outbox is drained; then a table. `--dry-run` runs it against a
 * throwaway database with scratch output topics: the pipeline rebuilds "what was sent" from the real
 * sgroup.bonus-purchases.v1, judges every input, and what it would send lands on the scratch topic, which is
 * printed and counted; nothing reaches S-Group or ops (docs/reliability.md).
 *
 *   KAFKA_BROKERS=… DATABASE_URL=… npm run replay -- [--from 2026-11-01T00:00:00+02:00] [--dry-run] [--group ID]
 */
const { values: args } = parseArgs({
  options: {
    from: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    group: { type: 'string' },
    'progress-every': { type: 'string', default: '3' },
  },
});
const log = (line: string) => process.stdout.write(`[replay] ${new Date().toISOString().slice(11, 19)} ${line}\n`);

async function main(): Promise<number> {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  const databaseUrl = process.env.DATABASE_URL;
  if (brokers.length === 0 || !databaseUrl) return usage('KAFKA_BROKERS and DATABASE_URL are required');
  const dryRun = args['dry-run']!;
  const fromMs = args.from === undefined ? undefined : Date.parse(args.from);
  if (fromMs !== undefined && (Number.isNaN(fromMs) || !/(Z|[+-]\d\d:\d\d)$/.test(args.from!)))
    return usage(`--from must be an ISO-8601 instant with a zone, e.g. 2026-11-01T00:00:00+02:00 (got ${args.from})`);
  if (dryRun && fromMs !== undefined)
    return usage('--dry-run compares the whole history with the topic: it always reads from the start');
  const stamp = new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15);
  const groupId = args.group ?? `bonus-pipeline-replay-${stamp}`;
  const topics = resolveTopicNames(process.env);
  const inputs = [topics.invoices, topics.crmContracts, topics.consents];
  const kafka = new Kafka({ brokers, clientId: 'bonus-replay', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  let dryDb: string | undefined;
  const scratch = dryRun ? scratchTopics(topics, `replay-dry-${stamp.toLowerCase()}`) : undefined;
  try {
    if ((await admin.listGroups()).groups.some((g) => g.groupId === groupId))
      return usage(`consumer group ${groupId} exists: a replay runs under a new group, so no live group is moved`);
    if (fromMs !== undefined && !(await holdsState(databaseUrl)))
      return usage('the bonus schema is empty: it is recovered from the topics\u2019 start (run without --from)');
    const starts = new Map<string, bigint>();
    for (const topic of inputs) {
      const offsets =
        fromMs === undefined
          ? (await admin.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, offset: o.low }))
          : await admin.fetchTopicOffsetsByTimestamp(topic, fromMs);
      for (const o of offsets) starts.set(`${topic}/${o.partition}`, BigInt(o.offset));
      if (fromMs !== undefined) await admin.setOffsets({ groupId, topic, partitions: offsets });
    }
    const ends = await endOffsets(admin, inputs);
    const purchasesBefore = dryRun ? 0n : sum(await endOffsets(admin, [topics.bonusPurchases]));
    let url = databaseUrl;
    if (dryRun) {
      dryDb = freshDatabaseName('sbonus_replay_dry');
      url = await createDatabase(databaseUrl, dryDb);
      log(`dry run: throwaway database ${redactUrl(url)}, scratch topics ${scratch!.bonusPurchases} …`);
    }
    log(
      `group ${groupId} from ${args.from ?? 'the start'}: ${inputs.join(', ')} up to their end offsets now ` +
        `(${sum(ends) - sum(new Map([...starts]))} records)`,
    );
    const config = loadBonusPipelineConfig({
      ...process.env,
      DATABASE_URL: url,
      KAFKA_GROUP_ID: groupId,
      KAFKA_CLIENT_ID: 'bonus-replay',
      HTTP_PORT: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...(scratch ? scratchEnv(scratch, topics.bonusPurchases) : {}),
    });
    const logger = new JsonLogger('bonus-replay', config.logLevel, (line) => process.stderr.write(`${line}\n`));
    const started = Date.now();
    const app = await startBonusPipeline(config, logger);
    const db = new Client({ connectionString: url });
    await db.connect();
    let finalProgress = replayProgress([], 0);
    try {
      const every = Number(args['progress-every']) * 1000;
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, every));
        const committed = await committedOffsets(admin, groupId, inputs);
        const positions: PartitionPosition[] = [...ends].map(([key, end]) => {
          const [topic, partition] = splitKey(key);
          return { topic, partition, start: starts.get(key) ?? 0n, end, committed: committed.get(key) ?? -1n };
        });
        finalProgress = replayProgress(positions, Date.now() - started);
        const state = await pipelineState(db);
        log(`${progressLine(finalProgress)}; recovery ${state.recovery}; outbox ${state.outbox}`);
        if (finalProgress.lag === 0 && state.recovery !== 'catching_up' && state.outbox === 0) break;
      }
    } finally {
      await app.close();
    }
    const seconds = (Date.now() - started) / 1000;
    const recovery = await recoveryFigures(db);
    await db.end();
    const rows: [string, string][] = [
      ['mode', dryRun ? 'dry run (nothing sent to S-Group or ops)' : 'backfill'],
      ['from', args.from ?? 'the topics\u2019 start'],
      ['consumer group', groupId],
      [
        'input records',
        `${finalProgress.done} in ${seconds.toFixed(1)} s (${Math.round(finalProgress.done / seconds)}/s)`,
      ],
      ['recovery', recovery],
    ];
    if (dryRun) {
      const wouldSend: BonusPurchaseEvent[] = [];
      await new KafkaRecoveryTopics(kafka).readToEnd(scratch!.bonusPurchases, (p) => wouldSend.push(p as never));
      printWouldSend(wouldSend);
      rows.push(['would send to S-Group', describeSum(wouldSend)]);
    } else {
      const sent = sum(await endOffsets(admin, [topics.bonusPurchases])) - purchasesBefore;
      rows.push(['purchase messages added', `${sent} (on ${topics.bonusPurchases}, from any writer meanwhile)`]);
    }
    const width = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(`\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
    return 0;
  } finally {
    if (scratch) {
      await admin.deleteTopics({ topics: [scratch.bonusPurchases, scratch.invoiceDecisions, scratch.deadLetters] });
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    if (dryDb) await dropDatabase(databaseUrl, dryDb);
    await admin.disconnect();
  }
}

function usage(problem: string): number {
  process.stderr.write(
    `${problem}\nusage: KAFKA_BROKERS=… DATABASE_URL=… npm run replay -- [--from <instant with zone>] ` +
      '[--dry-run] [--group <new group id>] [--progress-every <seconds>]\n',
  );
  return 2;
}

const scratchTopics = (t: TopicNames, prefix: string) => ({
  bonusPurchases: `${prefix}.${t.bonusPurchases}`,
  invoiceDecisions: `${prefix}.${t.invoiceDecisions}`,
  deadLetters: `${prefix}.${t.deadLetters}`,
});

/** The dry run's pipeline writes to scratch topics and reads "what was sent" from the real purchases topic. */
function scratchEnv(s: ReturnType<typeof scratchTopics>, realPurchases: string): Record<string, string> {
  return {
    TOPIC_BONUS_PURCHASES: s.bonusPurchases,
    TOPIC_INVOICE_DECISIONS: s.invoiceDecisions,
    TOPIC_DEAD_LETTERS: s.deadLetters,
    BONUS_RECOVERY: 'auto',
    BONUS_RECOVERY_SOURCE_TOPIC: realPurchases,
  };
}

async function endOffsets(admin: Admin, topics: string[]): Promise<Map<string, bigint>> {
  const ends = new Map<string, bigint>();
  for (const topic of topics)
    for (const o of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${o.partition}`, BigInt(o.high));
  return ends;
}

async function committedOffsets(admin: Admin, groupId: string, topics: string[]): Promise<Map<string, bigint>> {
  const committed = new Map<string, bigint>();
  for (const t of await admin.fetchOffsets({ groupId, topics }))
    for (const p of t.partitions) committed.set(`${t.topic}/${p.partition}`, BigInt(p.offset));
  return committed;
}

const sum = (m: Map<string, bigint>) => [...m.values()].reduce((a, b) => a + b, 0n);
const splitKey = (key: string): [string, number] => {
  const at = key.lastIndexOf('/');
  return [key.slice(0, at), Number(key.slice(at + 1))];
};

async function holdsState(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ held: boolean }>(
      `SELECT to_regclass('bonus.processed_inputs') IS NOT NULL AND EXISTS (SELECT 1 FROM bonus.processed_inputs)
         AS held`,
    );
    return rows[0].held;
  } catch {
    return false; // no bonus schema at all
  } finally {
    await client.end();
  }
}

async function pipelineState(db: Client): Promise<{ recovery: string; outbox: number }> {
  const { rows } = await db.query<{ mode: string | null; outbox: number }>(
    `SELECT (SELECT mode FROM bonus.recovery) AS mode, (SELECT count(*)::int FROM bonus.outbox) AS outbox`,
  );
  return { recovery: rows[0].mode ?? 'none', outbox: rows[0].outbox };
}

async function recoveryFigures(db: Client): Promise<string> {
  const { rows } = await db.query<{ source_topic: string; purchases_read: string; holdings: number; sent: number }>(
    `SELECT source_topic, purchases_read, (SELECT count(*)::int FROM bonus.topic_holdings) AS holdings,
       reconcile_purchases AS sent FROM bonus.recovery`,
  );
  if (rows.length === 0) return 'none (the schema held state, or the purchases topic was empty)';
  const r = rows[0];
  return (
    `rebuilt from ${r.source_topic}: ${r.purchases_read} purchase messages, ${r.holdings} (invoice, member) ` +
    `holdings; reconciled: ${r.sent ?? '?'} purchase(s) missing from the topic`
  );
}

function describeSum(events: BonusPurchaseEvent[]): string {
  const of = (type: string) => events.filter((e) => e.eventType === type);
  const cents = (es: BonusPurchaseEvent[]) => es.reduce((s, e) => s + e.amountCents, 0);
  const [rec, rev] = [of('BonusPurchaseRecorded'), of('BonusPurchaseReversed')];
  return (
    `${events.length} event(s): ${rec.length} missing (Recorded, +${cents(rec)} cents), ` +
    `${rev.length} extra on the topic (Reversed, ${cents(rev)} cents)`
  );
}

/** Up to 50 lines; member numbers masked as in the services' logs. */
function printWouldSend(events: BonusPurchaseEvent[]): void {
  for (const e of events.slice(0, 50))
    process.stdout.write(
      `  ${e.eventType.padEnd(22)} ${e.invoiceId.padEnd(24)} member ******${e.memberNumber.slice(-4)} ` +
        `${String(e.amountCents).padStart(8)} cents  ${e.eventId}\n`,
    );
  if (events.length > 50) process.stdout.write(`  … and ${events.length - 50} more\n`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`replay failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
