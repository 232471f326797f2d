import { ConfigValidationError } from '@sa/config';
import { loadBonusPipelineConfig } from './bonus-pipeline.config';

const base = { KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgres://u@127.0.0.1:5432/db' };

describe('bonus pipeline config: consumer session and heartbeats', () => {
  it('defaults to a short session (8 s) with a heartbeat every second, so a restart resumes in seconds', () => {
    expect(loadBonusPipelineConfig(base).kafka).toMatchObject({ sessionTimeoutMs: 8000, heartbeatIntervalMs: 1000 });
  });

  it('takes both from the environment', () => {
    const env = { ...base, KAFKA_SESSION_TIMEOUT_MS: '30000', KAFKA_HEARTBEAT_INTERVAL_MS: '3000' };
    expect(loadBonusPipelineConfig(env).kafka).toMatchObject({ sessionTimeoutMs: 30000, heartbeatIntervalMs: 3000 });
  });

  it('refuses a session shorter than the broker allows, naming the variable', () => {
    expect(() => loadBonusPipelineConfig({ ...base, KAFKA_SESSION_TIMEOUT_MS: '2000' })).toThrow(
      /KAFKA_SESSION_TIMEOUT_MS: KAFKA_SESSION_TIMEOUT_MS must not be less than 6000 \(got "2000"\)/,
    );
  });

  it('refuses a heartbeat interval longer than a third of the session', () => {
    const env = { ...base, KAFKA_SESSION_TIMEOUT_MS: '6000', KAFKA_HEARTBEAT_INTERVAL_MS: '2500' };
    expect(() => loadBonusPipelineConfig(env)).toThrow(ConfigValidationError);
    expect(() => loadBonusPipelineConfig(env)).toThrow(
      /KAFKA_HEARTBEAT_INTERVAL_MS: must be at most a third of KAFKA_SESSION_TIMEOUT_MS \(got "2500"\)/,
    );
  });
});
