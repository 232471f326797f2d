import { INestApplication } from '@nestjs/common';
import { ConfigValidationError } from '@sa/config';
import { JsonLogger } from './logging/json-logger';

/**
 * Runs a service's start-up: configuration is validated before Nest is touched, so a bad
 * deployment exits 1 with every faulty variable named, and SIGTERM/SIGINT drain in-flight work.
 */
export async function runService<
  C extends { logLevel: 'debug' | 'info' | 'warn' | 'error'; shutdownTimeoutMs: number },
>(
  service: string,
  loadConfig: () => C,
  start: (config: C, logger: JsonLogger) => Promise<INestApplication>,
): Promise<void> {
  let config: C;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = new JsonLogger(service, config.logLevel);
  let app: INestApplication;
  try {
    app = await start(config, logger);
  } catch (error) {
    logger.fatal(error, 'Bootstrap');
    process.exit(1);
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log({ message: `${signal}: draining in-flight work, then stopping` }, 'Shutdown');
    // A stuck dependency must not keep a dying process alive forever.
    setTimeout(() => {
      logger.error({ message: `shutdown exceeded ${config.shutdownTimeoutMs} ms, exiting` }, 'Shutdown');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((error) => {
        logger.error(error, 'Shutdown');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
