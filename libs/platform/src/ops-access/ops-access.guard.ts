import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { bearerToken, decideOpsAccess, OpsCredential, OpsRole } from './ops-credentials';

export const OPS_CREDENTIALS = Symbol('OPS_CREDENTIALS');
const OPS_ROLE = 'sa:ops-role';

/** Marks a controller or handler as an ops endpoint needing at least `role`. */
export const OpsAccess = (role: OpsRole) => SetMetadata(OPS_ROLE, role);

/** The operator a guarded request was allowed for; audits name them. */
export interface OpsPrincipal {
  operator: string;
  role: OpsRole;
}

type OpsRequest = { headers: Record<string, string | string[] | undefined>; opsPrincipal?: OpsPrincipal };

export function opsPrincipalOf(request: unknown): OpsPrincipal {
  const principal = (request as OpsRequest).opsPrincipal;
  if (principal === undefined) throw new Error('no ops principal: the handler is not behind OpsAccessGuard');
  return principal;
}

/**
 * Guards every handler marked with `@OpsAccess`: 401 (with `WWW-Authenticate`) without a known ops
 * token, 403 when the token's role is below the one required. Agents' keys are not ops tokens.
 */
@Injectable()
export class OpsAccessGuard implements CanActivate {
  private readonly log = new Logger('OpsAccess');

  constructor(
    private readonly reflector: Reflector,
    @Inject(OPS_CREDENTIALS) private readonly credentials: readonly OpsCredential[],
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<OpsRole | undefined>(OPS_ROLE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (required === undefined) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<OpsRequest>();
    const decision = decideOpsAccess(this.credentials, bearerToken(request.headers.authorization), required);
    if (decision.kind === 'unauthenticated') {
      http.getResponse<{ setHeader(name: string, value: string): void }>().setHeader('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException({
        statusCode: 401,
        code: 'OPS_CREDENTIALS_REQUIRED',
        message: 'an ops token is required (Authorization: Bearer <token>); agents’ API keys are not ops tokens',
      });
    }
    if (decision.kind === 'forbidden') {
      this.log.warn({ message: 'ops action forbidden', operator: decision.operator, required: decision.required });
      throw new ForbiddenException({
        statusCode: 403,
        code: 'OPS_ROLE_REQUIRED',
        message: `this needs the ops role '${decision.required}'; '${decision.operator}' has '${decision.role}'`,
      });
    }
    request.opsPrincipal = { operator: decision.operator, role: decision.role };
    return true;
  }
}
