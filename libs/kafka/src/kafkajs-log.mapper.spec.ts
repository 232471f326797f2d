import { logLevel } from 'kafkajs';
import { mapKafkajsLog } from './kafkajs-log.mapper';

const timestamp = '2026-11-25T10:00:00.000Z';

// Entries shaped as kafkajs 2.2.4 logs them (network/connection.js: `Response <Api>` with the error's text).
const response = (api: string, error: string, level = logLevel.ERROR) => ({
  level,
  log: {
    timestamp,
    message: `Response ${api}`,
    broker: '127.0.0.1:9092',
    clientId: 'registration-service',
    error,
    correlationId: 3,
    size: 40,
  },
});

describe('mapKafkajsLog', () => {
  it.each([
    [
      'GroupCoordinator(key: 10, version: 2)',
      'The group coordinator is not available',
      'GROUP_COORDINATOR_NOT_AVAILABLE',
    ],
    [
      'InitProducerId(key: 22, version: 1)',
      'The group coordinator is not available',
      'GROUP_COORDINATOR_NOT_AVAILABLE',
    ],
    [
      'OffsetFetch(key: 9, version: 4)',
      'This is not the correct coordinator for this group',
      'NOT_COORDINATOR_FOR_GROUP',
    ],
    [
      'JoinGroup(key: 11, version: 5)',
      "The coordinator is loading and hence can't process requests for this group",
      'GROUP_LOAD_IN_PROGRESS',
    ],
    [
      'Produce(key: 0, version: 7)',
      'There is no leader for this topic-partition as we are in the middle of a leadership election',
      'LEADER_NOT_AVAILABLE',
    ],
  ])('logs a retriable %s answer at info, naming %s as %s', (api, error, type) => {
    const mapped = mapKafkajsLog(response(api, error));
    expect(mapped?.level).toBe('info');
    expect(mapped?.line).toMatchObject({
      message: `kafkajs: ${api} answered ${type} (${error}): transient; kafkajs retries it`,
      errorType: type,
      retriable: true,
      broker: '127.0.0.1:9092',
    });
  });

  it('logs a topic another instance created at the same moment at info: ensureTopics counts it as created', () => {
    const mapped = mapKafkajsLog(response('CreateTopics(key: 19, version: 3)', 'Topic with this name already exists'));
    expect(mapped).toMatchObject({ level: 'info', line: { errorType: 'TOPIC_ALREADY_EXISTS', errorCode: 36 } });
  });

  it('keeps a protocol error kafkajs does not retry at error, with its type and code', () => {
    const mapped = mapKafkajsLog(
      response('Produce(key: 0, version: 7)', 'Not authorized to access topics: [Topic authorization failed]'),
    );
    expect(mapped).toEqual({
      level: 'error',
      line: expect.objectContaining({
        message:
          'kafkajs: Produce(key: 0, version: 7) answered TOPIC_AUTHORIZATION_FAILED ' +
          '(Not authorized to access topics: [Topic authorization failed])',
        errorType: 'TOPIC_AUTHORIZATION_FAILED',
        errorCode: 29,
        retriable: false,
      }),
    });
  });

  it('keeps other kafkajs errors and warnings at their level', () => {
    expect(
      mapKafkajsLog({
        level: logLevel.ERROR,
        log: { timestamp, message: 'Crash: KafkaJSNumberOfRetriesExceeded: gave up' },
      }),
    ).toEqual({
      level: 'error',
      line: {
        timestamp,
        message: 'kafkajs: Crash: KafkaJSNumberOfRetriesExceeded: gave up',
      },
    });
    expect(
      mapKafkajsLog({
        level: logLevel.WARN,
        log: { timestamp, message: 'The group is rebalancing, re-joining', groupId: 'g' },
      }),
    ).toEqual({
      level: 'warn',
      line: {
        timestamp,
        message: 'kafkajs: The group is rebalancing, re-joining',
        groupId: 'g',
      },
    });
  });

  it('drops the notice about the idempotent producer retries the relay bounds on purpose', () => {
    expect(
      mapKafkajsLog({
        level: logLevel.WARN,
        log: {
          timestamp,
          message: 'Limiting retries for the idempotent producer to Number.MAX_SAFE_INTEGER',
        },
      }),
    ).toBeUndefined();
  });
});
