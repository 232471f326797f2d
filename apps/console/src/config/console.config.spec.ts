import { ConfigValidationError } from '@sa/config';
import { loadConsoleConfig } from './console.config';

const valid = {
  HTTP_PORT: '3002',
  REGISTRATION_API_URL: 'http://127.0.0.1:3000/',
  PIPELINE_URL: 'http://127.0.0.1:3001',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/sbonus',
};

describe('loadConsoleConfig', () => {
  it('reads the upstream URLs, the database and the session lifetimes, with defaults', () => {
    expect(loadConsoleConfig(valid)).toMatchObject({
      http: { host: '127.0.0.1', port: 3002 },
      registrationApiUrl: 'http://127.0.0.1:3000',
      pipelineUrl: 'http://127.0.0.1:3001',
      database: { schema: 'console' },
      sessions: { idleMs: 30 * 60_000, maxMs: 8 * 3_600_000, secureCookie: false },
      metrics: { token: null, sampleMs: 15_000 },
    });
    expect(loadConsoleConfig({ ...valid, SESSION_IDLE_MINUTES: '5', COOKIE_SECURE: 'true' }).sessions).toMatchObject({
      idleMs: 300_000,
      secureCookie: true,
    });
  });

  it('names every bad variable at once', () => {
    const load = () => loadConsoleConfig({ HTTP_PORT: '3002', PIPELINE_URL: 'ftp://x', SESSION_MAX_HOURS: '0' });
    expect(load).toThrow(ConfigValidationError);
    const message = (() => {
      try {
        load();
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of ['REGISTRATION_API_URL', 'PIPELINE_URL', 'DATABASE_URL', 'SESSION_MAX_HOURS'])
      expect(message).toContain(name);
  });
});
