import { createHash } from 'node:crypto';
import {
  DEAD_LETTER_KEY_BUDGET_BYTES,
  DEAD_LETTER_VALUE_BUDGET_BYTES,
  deadLetterFor,
  MAX_DEAD_LETTER_FIELDS,
  rawBytesOf,
} from './dead-letter';
import { RawMessage } from './raw-message';

const at = new Date('2026-11-25T08:00:00Z');
const message = (key: Buffer | null, value: Buffer | null): RawMessage => ({
  topic: 't',
  partition: 1,
  offset: '42',
  key,
  value,
  timestamp: '0',
});
const letterOf = (key: Buffer | null, value: Buffer | null) =>
  deadLetterFor(message(key, value), 'MALFORMED_JSON', 'bad', [], at);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('deadLetterFor', () => {
  it('keeps UTF-8 text as text, with its size and SHA-256', () => {
    const value = Buffer.from('{"a":"ä€😀"');
    const letter = letterOf(Buffer.from('INV-1'), value);
    expect(letter).toMatchObject({
      sourceKey: 'INV-1',
      sourceKeyEncoding: 'utf8',
      rawValue: '{"a":"ä€😀"',
      rawValueEncoding: 'utf8',
    });
    expect(letter).toMatchObject({
      rawValueBytes: value.length,
      rawValueSha256: sha256(value),
      rawValueTruncated: false,
    });
  });

  it('keeps bytes that are not UTF-8, or hold NUL, byte-exact as base64 (PostgreSQL text refuses NUL)', () => {
    const key = Buffer.from([0x49, 0x00, 0x4e]);
    const value = Buffer.from([0x7b, 0xff, 0xfe, 0xc3]);
    const letter = letterOf(key, value);
    expect(letter.sourceKeyEncoding).toBe('base64');
    expect(rawBytesOf(letter.sourceKey!, letter.sourceKeyEncoding)).toEqual(key);
    expect(letter.rawValueEncoding).toBe('base64');
    expect(rawBytesOf(letter.rawValue!, letter.rawValueEncoding)).toEqual(value);
  });

  it(
    'names at most MAX_DEAD_LETTER_FIELDS fields, ' +
      'so a near-maximum value with thousands of faulty lines still fits the broker',
    () => {
      const value = Buffer.alloc(1_048_000, 0x61);
      const faults = Array.from({ length: 30_000 }, (_, i) => ({
        field: `lines[${i}].category`,
        rule: 'isIn',
        message: 'bad',
      }));
      const letter = deadLetterFor(message(Buffer.from('k'), value), 'SCHEMA_VIOLATION', 'many', faults, at);
      expect(letter.fields).toHaveLength(MAX_DEAD_LETTER_FIELDS);
      expect(letter.fields[0]).toBe('lines[0].category');
      expect(Buffer.byteLength(JSON.stringify(letter))).toBeLessThan(1_000_000);
    },
  );

  it('records a null key and an empty value as such', () => {
    const letter = letterOf(null, null);
    expect(letter).toMatchObject({ sourceKey: null, rawValue: null, rawValueBytes: 0, rawValueTruncated: false });
    expect(letter.rawValueSha256).toBe(sha256(Buffer.alloc(0)));
  });

  it('cuts a value whose escaped text would not fit the broker, at a character boundary, and says so', () => {
    // Quotes double when escaped, and the multi-byte characters must not be split.
    const value = Buffer.from('"€'.repeat(200_000));
    const letter = letterOf(Buffer.from('k'), value);
    expect(letter.rawValueTruncated).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(letter.rawValue))).toBeLessThanOrEqual(DEAD_LETTER_VALUE_BUDGET_BYTES + 2);
    expect(value.toString('utf8').startsWith(letter.rawValue!)).toBe(true);
    expect(letter).toMatchObject({ rawValueBytes: value.length, rawValueSha256: sha256(value) });
    expect(Buffer.byteLength(JSON.stringify(letter))).toBeLessThan(1024 * 1024);
  });

  it('cuts a large binary value to a base64 prefix, and a long key to its budget', () => {
    const value = Buffer.alloc(900_000, 0);
    const key = Buffer.alloc(5000, 0x41);
    const letter = letterOf(key, value);
    expect(letter).toMatchObject({ rawValueEncoding: 'base64', rawValueTruncated: true, sourceKeyTruncated: true });
    expect(letter.rawValue!.length).toBeLessThanOrEqual(DEAD_LETTER_VALUE_BUDGET_BYTES);
    expect(letter.sourceKey!.length).toBeLessThanOrEqual(DEAD_LETTER_KEY_BUDGET_BYTES);
  });

  it('derives its id from the source position, so a replay yields the same dead letter', () => {
    expect(letterOf(null, Buffer.from('x')).eventId).toBe(letterOf(Buffer.from('other'), Buffer.from('y')).eventId);
  });
});
