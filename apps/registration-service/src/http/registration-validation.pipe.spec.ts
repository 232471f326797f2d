import { BadRequestException } from '@nestjs/common';
import { RegisterRequestDto } from '../registrations/dto/register-request.dto';
import { CustomerIdParams } from '../registrations/dto/customer-id.params';
import { RegistrationValidationPipe } from './registration-validation.pipe';

describe('RegistrationValidationPipe', () => {
  const pipe = new RegistrationValidationPipe();
  const valid = { customerId: 'C-1', memberNumber: '1234567890', channel: 'PHONE', consent: true };
  const body = (value: unknown) => pipe.transform(value, { type: 'body', metatype: RegisterRequestDto });
  const refusal = async (value: unknown) => {
    const error = await body(value).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse() as {
      statusCode: number;
      fields: Array<{ field: string; rule: string }>;
    };
  };

  it('returns a DTO instance for a valid body', async () => {
    expect(await body({ ...valid })).toBeInstanceOf(RegisterRequestDto);
  });

  it.each(['constructor', 'prototype', '__proto__', 'isAdmin'])('refuses the unknown field %s by name', async (key) => {
    const res = await refusal(JSON.parse(JSON.stringify(valid).replace('{', `{"${key}":1,`)));
    expect(res.fields).toEqual([expect.objectContaining({ field: key, rule: 'whitelistValidation' })]);
  });

  it('names unknown fields and invalid ones in one answer', async () => {
    const res = await refusal({ ...valid, memberNumber: '6046123412341234', extra: 1 });
    expect(res.fields.map((f) => f.field).sort()).toEqual(['extra', 'memberNumber']);
  });

  it('names at most 20 unknown fields, each cut to 64 characters', async () => {
    const extra = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`${'k'.repeat(100)}${i}`, i]));
    const res = await refusal({ ...valid, ...extra });
    expect(res.fields).toHaveLength(21);
    expect(res.fields[0].field).toHaveLength(65);
    expect(res.fields[20]).toMatchObject({ field: '(body)', message: 'and 480 more unknown fields' });
  });

  it('refuses a body nested 1,400 levels deep with 400 naming the depth rule, not a stack overflow', async () => {
    const deep = JSON.parse(`{"customerId":${'['.repeat(1400)}${']'.repeat(1400)}}`) as unknown;
    expect((await refusal(deep)).fields).toEqual([expect.objectContaining({ field: '(body)', rule: 'maxDepth' })]);
  });

  it.each([[[]], ['"hello"'], [42]])('refuses a body that is not an object: %j', async (value) => {
    expect((await refusal(value)).fields).toEqual([expect.objectContaining({ field: '(body)', rule: 'isObject' })]);
  });

  it('names every missing field of an absent body', async () => {
    const res = await refusal(undefined);
    expect(new Set(res.fields.map((f) => f.field))).toEqual(
      new Set(['customerId', 'memberNumber', 'channel', 'consent']),
    );
  });

  it('validates path parameters and leaves values without rules alone', async () => {
    await expect(
      pipe.transform({ customerId: 'C\u0000' }, { type: 'param', metatype: CustomerIdParams }),
    ).rejects.toBeInstanceOf(BadRequestException);
    expect(await pipe.transform('agent-17', { type: 'custom', metatype: String })).toBe('agent-17');
    expect(await pipe.transform([1], { type: 'body', metatype: Array })).toEqual([1]);
  });
});
