import { applyDecorators, ArgumentsHost, Catch, Controller, RpcExceptionFilter, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { Observable, throwError } from 'rxjs';
import type { TopicKey } from '@sa/contracts';

/**
 * Hands a handler's error to the transport as it was thrown. Nest's default RPC filter replaces it
 * with `{ status: 'error', message: 'Internal server error' }`, and the transport needs the real
 * error to tell a database that is down (retry) from a message at fault (dead letter).
 */
@Catch()
export class PassThroughRpcErrors implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

/** A controller whose `@EventPattern` methods take KafkaBatchTransport batches. */
export function KafkaBatchHandler(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(new PassThroughRpcErrors()));
}

/** Subscribes a handler method to one topic of the contract, by its key in the topic → payload map. */
export function ConsumesTopic(topic: TopicKey): MethodDecorator {
  return EventPattern(topic);
}
