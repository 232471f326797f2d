import { CanActivate, ExecutionContext, Injectable, UnauthorizedException, createParamDecorator } from '@nestjs/common';

export interface AgentRequest {
  headers: Record<string, string | string[] | undefined>;
  agentId?: string;
}

/**
 * Every registration endpoint: the key was checked by `apiKeyMiddleware` before the body was read.
 * This guard is the second lock on the door: a handler is never reached without an agent.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!context.switchToHttp().getRequest<AgentRequest>().agentId) throw new UnauthorizedException();
    return true;
  }
}

/** `Authorization: Bearer <key>` or `X-Api-Key: <key>`; anything else presents no key. */
export function presentedKey(headers: AgentRequest['headers']): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1];
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

/** The authenticated agent: becomes `recordedBy`. */
export const CurrentAgent = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest<AgentRequest>().agentId as string;
});
