import { redactUrl } from '../infra/postgres-server';
import { runDemoJob } from './demo-job';
import { RunResources, startStack } from './stack';

/**
 * `npm start`: Kafka, PostgreSQL and every service on loopback, the demo job end to end, a summary,
 * then everything keeps running until SIGINT (Ctrl-C) or SIGTERM, which stop it all cleanly. The
 * npm script execs this process, so a signal sent to `npm start` itself arrives here too.
 */
async function main(): Promise<void> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const exitAfterDemo = process.argv.includes('--exit-after-demo');
  const started = Date.now();
  const run = new RunResources((line) => say(`  ${line}`));
  let exitCode: number | undefined;
  const stop = async (code: number, why: string) => {
    if (exitCode !== undefined) return;
    exitCode = code;
    say(`\n${why}: stopping services, this run's database, Kafka and PostgreSQL …`);
    await run.stop();
    say('Stopped; nothing left running.');
    process.exit(code);
  };
  // Kept for the whole run (not once): a second signal while stopping must not kill this process
  // half-way and leave Kafka or the database behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0, signal));

  try {
    say('Starting Kafka 3.9.1, PostgreSQL and the services on 127.0.0.1 …');
    const stack = await startStack((line) => say(`  ${line}`), run);
    say(`Up in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
    say(`  Kafka                     ${stack.kafka.bootstrapServers}`);
    say(`  PostgreSQL                ${redactUrl(stack.databaseUrl)} (${stack.postgres.source}; new for this run)`);
    for (const s of Object.values(stack.services)) {
      say(`  ${s.name.padEnd(25)} ${s.url}  (health: ${s.url}/health/ready)`);
    }
    say(`  registration API docs     ${stack.services.registration.url}/docs`);
    // -s: npm's own banner lines would otherwise land on stdout beside the key the CLI prints there alone.
    const issueKey = `KEY=$(DATABASE_URL=${redactUrl(stack.databaseUrl)} npm run -s issue-api-key -- --agent agent-17)`;
    say(`  an API key for an agent:  ${issueKey}`);
    say(`  ops token (operator):     ${stack.opsToken}  (Authorization: Bearer …; /metrics, /v1/summary, …)`);
    say('');
    await runDemoJob(stack, say);
    if (exitAfterDemo) return await stop(0, 'Demo done (--exit-after-demo)');
    say('\nEverything keeps running for you to explore; Ctrl-C (or SIGTERM) stops it all');
    say(`and drops this run's database ${stack.databaseName}.`);
  } catch (error) {
    // A signal mid-start makes the start-up or the demo fail; that stop is already under way.
    if (exitCode !== undefined) return;
    process.stderr.write(`npm start failed: ${(error as Error).stack ?? (error as Error).message}\n`);
    await stop(1, 'Failed');
  }
}

void main();
