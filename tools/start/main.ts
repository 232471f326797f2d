import { runDemoJob } from './demo-job';
import { startStack, Stack } from './stack';

/**
 * `npm start`: Kafka, PostgreSQL and every service on loopback, the demo job end to end, a summary,
 * then everything keeps running until Ctrl-C, which stops it all cleanly.
 */
async function main(): Promise<void> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const started = Date.now();
  say('Starting Kafka 3.9.1, PostgreSQL and the services on 127.0.0.1 …');
  let stack: Stack | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('\nStopping services, Kafka and PostgreSQL …');
    await stack?.stop();
    say('Stopped; nothing left running.');
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  stack = await startStack((line) => say(`  ${line}`));
  say(`Up in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
  say(`  Kafka                     ${stack.kafka.bootstrapServers}`);
  say(`  PostgreSQL                ${redact(stack.databaseUrl)} (${stack.postgres.source})`);
  for (const s of Object.values(stack.services)) say(`  ${s.name.padEnd(25)} ${s.url}  (health: ${s.url}/health/ready)`);
  say(`  registration API docs     ${stack.services.registration.url}/docs`);
  say('');
  await runDemoJob(stack, say);
  say('\nEverything keeps running for you to explore; Ctrl-C stops it all.');
  if (process.argv.includes('--exit-after-demo')) await stop(0);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

main().catch((error: Error) => {
  process.stderr.write(`npm start failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
