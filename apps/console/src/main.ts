import { runService } from '@sa/platform';
import { loadConsoleConfig, SERVICE_NAME } from './config/console.config';
import { startConsoleApp } from './console-app';

void runService(
  SERVICE_NAME,
  () => loadConsoleConfig(),
  async (config, logger) => {
    const app = await startConsoleApp(config, logger);
    logger.log({ message: `listening on http://${config.http.host}:${config.http.port}` }, 'Bootstrap');
    return app;
  },
);
