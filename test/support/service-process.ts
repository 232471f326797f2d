// Tests run compiled services exactly as `npm start` and production do.
export { startServiceProcess } from '../../tools/infra/service-process';
export type { ServiceProcess } from '../../tools/infra/service-process';
