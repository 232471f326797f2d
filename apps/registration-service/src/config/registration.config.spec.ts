import { ConfigValidationError } from '@sa/config';
import { loadRegistrationConfig } from './registration.config';

const valid = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
  HTTP_PORT: '3000',
  SGROUP_REGISTRY_URL: 'http://127.0.0.1:4010/',
};

describe('loadRegistrationConfig', () => {
  it('builds one typed object with defaults and the fixed schema', () => {
    const config = loadRegistrationConfig(valid);
    expect(config.database.schema).toBe('registration');
    expect(config.sgroupRegistry).toEqual({
      url: 'http://127.0.0.1:4010',
      timeoutMs: 2000,
      retries: 2,
      retryDelayMs: 100,
    });
    expect(config.topics.consents).toBe('registration.consents.v1');
    expect(config.outboxRelay.enabled).toBe(true);
  });

  it('reads OUTBOX_RELAY_ENABLED=false as false, not as a truthy string', () => {
    expect(loadRegistrationConfig({ ...valid, OUTBOX_RELAY_ENABLED: 'false' }).outboxRelay.enabled).toBe(false);
  });

  it('refuses to start without the register URL and with a bad retry count, naming both', () => {
    const { SGROUP_REGISTRY_URL: _omitted, ...rest } = valid;
    expect(() => loadRegistrationConfig({ ...rest, SGROUP_REGISTRY_RETRIES: '9' })).toThrow(ConfigValidationError);
    expect(() => loadRegistrationConfig({ ...rest, SGROUP_REGISTRY_RETRIES: '9' })).toThrow(
      /SGROUP_REGISTRY_URL[\s\S]*SGROUP_REGISTRY_RETRIES|SGROUP_REGISTRY_RETRIES[\s\S]*SGROUP_REGISTRY_URL/,
    );
  });
});
