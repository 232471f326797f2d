/** DI token for the pipeline's OutboxRelayControl: the relay on a worker thread, or on the event loop. */
export const OUTBOX_RELAY = Symbol('OUTBOX_RELAY');
