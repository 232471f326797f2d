import { BonusPurchaseEvent, DeadLetterEvent } from '@sa/contracts';
import { DEFAULT_TOPICS } from './topics';
import { TOPIC_SCHEMAS, topicMessage } from './topic-payloads';

const purchase = { eventId: 'bp-1', amountCents: 4990 } as BonusPurchaseEvent;

describe('topic → payload map', () => {
  it('binds every topic to a schema class', () => {
    expect(Object.keys(TOPIC_SCHEMAS).sort()).toEqual(Object.keys(DEFAULT_TOPICS).sort());
  });

  it('types a message by its topic (the wrong payload is a compile error, checked by `npm run lint:types`)', () => {
    expect(topicMessage('bonusPurchases', '1234567890', purchase).payload).toBe(purchase);
    // @ts-expect-error a bonus purchase does not go to the dead-letter topic
    const wrong = topicMessage('deadLetters', 'k', purchase);
    expect(wrong.topic).toBe('deadLetters');
    // @ts-expect-error nor is a dead letter a bonus purchase
    topicMessage('bonusPurchases', 'k', {} as DeadLetterEvent);
  });
});
