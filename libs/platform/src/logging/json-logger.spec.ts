import { JsonLogger, maskDigits } from './json-logger';

describe('JsonLogger', () => {
  it('writes one JSON object per line with service, level and context', () => {
    const lines: string[] = [];
    new JsonLogger('registration-service', 'info', (l) => lines.push(l)).log(
      { message: 'granted', customerId: 'C-1' },
      'GrantConsent',
    );
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'info',
      service: 'registration-service',
      context: 'GrantConsent',
      message: 'granted',
      customerId: 'C-1',
    });
  });

  it('masks member numbers and card numbers', () => {
    expect(maskDigits('member 1234567890 card 6046123412341234 id 12345')).toBe(
      'member ******7890 card ************1234 id 12345',
    );
  });

  it('drops lines below the configured level', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('svc', 'warn', (l) => lines.push(l));
    logger.log('quiet');
    logger.debug('quieter');
    logger.warn('loud');
    expect(lines).toHaveLength(1);
  });
});
