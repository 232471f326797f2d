import { PgPoolTransactions } from '@sa/persistence';
import { listParkedOutboxRows, republishParkedOutboxRows } from '@sa/outbox';

const USAGE = `usage: npm run outbox -- <list | republish (--all | --id N[,N…])> --schema <bonus|registration>
  DATABASE_URL must point at the service's database.
  list        parked outbox rows: id, topic, size, attempts, last error
  republish   puts parked rows back in line; the running service's relay publishes them`;

/** Ops' handle on outbox rows the relay parked (refused by the broker after its attempts, or too large). */
async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const schema = option('--schema');
  const url = process.env.DATABASE_URL;
  if (!url || !schema || !/^[a-z_]+$/.test(schema) || !['list', 'republish'].includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const db = new PgPoolTransactions({
    url,
    poolSize: 1,
    applicationName: 'outbox-cli',
    onConnectionError: () => undefined,
  });
  try {
    if (command === 'list') {
      const rows = await db.run((q) => listParkedOutboxRows(q, schema, 1000));
      if (rows.length === 0) process.stdout.write('no parked outbox rows\n');
      for (const r of rows) {
        process.stdout.write(
          `${r.id}\t${r.topic}\t${r.payloadBytes} B\t${r.attempts} attempts\t` +
            `parked ${r.parkedAt.toISOString()}\t${r.lastError}\n`,
        );
      }
      return 0;
    }
    const ids = option('--id')
      ?.split(',')
      .map((id) => id.trim());
    if (!argv.includes('--all') && !ids?.every((id) => /^\d+$/.test(id))) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    const count = await db.run((q) => republishParkedOutboxRows(q, schema, ids));
    process.stdout.write(`${count} parked row(s) back in line for the relay\n`);
    return 0;
  } finally {
    await db.end();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
