import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { MEMBER_NUMBER_HINT } from '@sa/contracts';
import { validationErrorBody } from '../../http/validation-error.factory';
import { RegisterRequestDto } from './register-request.dto';

const check = (plain: object) =>
  validationErrorBody(
    validateSync(plainToInstance(RegisterRequestDto, plain), { whitelist: true, forbidNonWhitelisted: true }),
  );

describe('RegisterRequestDto', () => {
  it('accepts a well-formed request, consent false included (refused later with CONSENT_REQUIRED, not 400)', () => {
    expect(check({ customerId: 'C-1', memberNumber: '1234567890', channel: 'PHONE', consent: false }).fields).toEqual(
      [],
    );
  });

  it('names every field at fault at once', () => {
    const body = check({
      customerId: '',
      memberNumber: '6046123412341234',
      channel: 'STORE',
      consent: 'true',
      extra: 1,
    });
    expect([...new Set(body.fields.map((f) => f.field))].sort()).toEqual([
      'channel',
      'consent',
      'customerId',
      'extra',
      'memberNumber',
    ]);
    expect(body.statusCode).toBe(400);
  });

  it('answers a 16-digit S-card number with the hint to ask for the 10-digit member number, once', () => {
    const body = check({ customerId: 'C-1', memberNumber: '6046123412341234', channel: 'PHONE', consent: true });
    expect(body.message).toEqual([MEMBER_NUMBER_HINT]);
    expect(MEMBER_NUMBER_HINT).toMatch(/10-digit .* member number .*S-card.*Oma S-kanava/);
  });
});
