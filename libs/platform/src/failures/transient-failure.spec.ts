import { failureSignature, isTransientFailure } from './transient-failure';

const withProps = (message: string, props: Record<string, unknown>, name = 'Error') =>
  Object.assign(new Error(message), { name, ...props });

describe('isTransientFailure', () => {
  it.each([
    ['a refused connection', withProps('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' })],
    ['a deadlock', withProps('deadlock detected', { code: '40P01' })],
    ['a server shutting down', withProps('terminating connection due to administrator command', { code: '57P01' })],
    [
      'a TypeORM error wrapping a lost connection',
      withProps('query failed', { driverError: new Error('Connection terminated unexpectedly') }, 'QueryFailedError'),
    ],
    ['a broker that cannot be reached', withProps('Connection error', {}, 'KafkaJSConnectionError')],
    [
      'a retriable protocol error',
      withProps('not leader', { retriable: true, type: 'NOT_LEADER_FOR_PARTITION' }, 'KafkaJSProtocolError'),
    ],
  ])('is true for %s', (_what, error) => expect(isTransientFailure(error)).toBe(true));

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a constraint violation', withProps('violates check constraint', { code: '23514' })],
    [
      'a message too large for the broker',
      withProps('too large', { retriable: false, type: 'MESSAGE_TOO_LARGE' }, 'KafkaJSProtocolError'),
    ],
    ['something that is not an Error', { status: 'error' }],
  ])('is false for %s', (_what, error) => expect(isTransientFailure(error)).toBe(false));
});

describe('failureSignature', () => {
  it('is the same for the same fault with other numbers in it', () => {
    expect(failureSignature(new Error('row 17 failed'))).toBe(failureSignature(new Error('row 9001 failed')));
    expect(failureSignature(new Error('row 17 failed'))).not.toBe(failureSignature(new TypeError('row 17 failed')));
  });
});
