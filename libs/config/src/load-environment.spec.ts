import { IsInt, IsString, Max, Min } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';
import { loadEnvironment } from './load-environment';

class SampleEnv {
  @IsString()
  DATABASE_URL!: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT: number = 3000;

  @IsString()
  API_SECRET!: string;
}

describe('loadEnvironment', () => {
  it('converts and defaults values', () => {
    const env = loadEnvironment('svc', SampleEnv, { DATABASE_URL: 'postgres://x', API_SECRET: 's', HTTP_PORT: '8080' });
    expect(env.HTTP_PORT).toBe(8080);
    expect(loadEnvironment('svc', SampleEnv, { DATABASE_URL: 'p', API_SECRET: 's' }).HTTP_PORT).toBe(3000);
  });

  it('names every bad or missing variable at once and hides secrets', () => {
    let caught: unknown;
    try {
      loadEnvironment('svc', SampleEnv, { HTTP_PORT: '99999', API_SECRET: '' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    const message = (caught as Error).message;
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('(missing)');
    expect(message).toContain('HTTP_PORT: HTTP_PORT must not be greater than 65535 (got "99999")');
    expect(message).toContain('API_SECRET');
  });

  it('never echoes a secret value', () => {
    class SecretEnv {
      @IsInt()
      API_KEY_PEPPER!: number;
    }
    expect(() => loadEnvironment('svc', SecretEnv, { API_KEY_PEPPER: 'hunter2' })).toThrow(/\*\*\*/);
  });
});
