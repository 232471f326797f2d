import { KafkaBroker } from './kafka-broker';

/** `npm run kafka [port]`: a real broker on loopback until Ctrl-C (handy for poking at topics by hand). */
async function main(): Promise<void> {
  const port = process.argv[2] ? Number(process.argv[2]) : 9092;
  const started = Date.now();
  const broker = await KafkaBroker.start({ port, log: (l) => console.log(l) });
  console.log(`Kafka listening on ${broker.bootstrapServers} (started in ${Date.now() - started} ms); Ctrl-C stops it`);
  const stop = async () => {
    await broker.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
