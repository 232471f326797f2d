import { ArgumentsHost, Catch, ExceptionFilter, NotFoundException } from '@nestjs/common';
import { ConsoleRequest, ConsoleResponse } from './http-types';
import { sendError } from './respond';

/** A path the console does not have: a page in the user's language, not Nest's JSON. */
@Catch(NotFoundException)
export class NotFoundPageFilter implements ExceptionFilter {
  catch(_error: NotFoundException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<ConsoleRequest>();
    sendError(http.getResponse<ConsoleResponse>(), 404, req.ctx, req.ctx.t('notFound'));
  }
}
