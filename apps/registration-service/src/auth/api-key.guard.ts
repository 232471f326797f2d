import { CanActivate, ExecutionContext, Injectable, UnauthorizedException, createParamDecorator } from '@nestjs/common';
import { AuthenticateAgentUseCase } from './authenticate-agent.use-case';

export interface AgentRequest {
  headers: Record<string, string | string[] | undefined>;
  agentId?: string;
}

/** Every registration endpoint: `Authorization: Bearer <key>` or `X-Api-Key: <key>`; anything else is a bare 401. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly authenticate: AuthenticateAgentUseCase) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AgentRequest>();
    const agentId = await this.authenticate.execute(presentedKey(request.headers));
    if (!agentId) throw new UnauthorizedException();
    request.agentId = agentId;
    return true;
  }
}

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
