import { runService } from '@sa/platform';
import { STAND_IN_SERVICE, loadStandInConfig } from './config/stand-in.config';
import { startStandInApp } from './stand-in-app';

void runService(
  STAND_IN_SERVICE,
  () => loadStandInConfig(),
  async (config, logger) => (await startStandInApp(config, logger)).app,
);
