import { runService } from '@sa/platform';
import { SERVICE_NAME, loadRegistrationConfig } from './config/registration.config';
import { startRegistrationApp } from './registration-app';

void runService(
  SERVICE_NAME,
  () => loadRegistrationConfig(),
  async (config, logger) => {
    const app = await startRegistrationApp(config, { logger });
    logger.log(
      { message: `listening on http://${config.http.host}:${config.http.port} (OpenAPI at /docs)` },
      'Bootstrap',
    );
    return app;
  },
);
