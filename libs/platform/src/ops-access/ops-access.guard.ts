import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  Optional,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { bearerToken, decideOpsAccess, OpsCredential, OpsRole } from './ops-credentials';

export const OPS_CREDENTIALS = Symbol('OPS_CREDENTIALS');
const OPS_ROLE = 'sa:ops-role';
const PUBLIC = 'sa:public-endpoint';

/** Marks a controller or handler as an ops endpoint needing at least `role`. */
export const OpsAccess = (role: OpsRole) => SetMetadata(OPS_ROLE, role);

/** Marks a controller or handler open to anyone (health probes): deny-by-default does not apply to it. */
export const PublicEndpoint = () => SetMetadata(PUBLIC, true);

/** How the guard treats an HTTP handler with neither `@OpsAccess` nor `@PublicEndpoint`. */
export interface OpsAccessOptions {
  /**
   * true: it needs the viewer role (a route added without a marker is refused, not open). false (the default): it
   * is left to other checks, as in the registration service, whose agent routes are guarded by the agent key.
   */
  denyByDefault: boolean;
}

export const OPS_ACCESS_OPTIONS = Symbol('OPS_ACCESS_OPTIONS');

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
 * Guards every handler marked with `@OpsAccess` (and, with `denyByDefault`, every HTTP handler not marked
 * `@PublicEndpoint`, as viewer): 401 (with `WWW-Authenticate`) without a known ops
 * token, 403 when the token's role is below the one required. Agents' keys are not ops tokens.
 */
@Injectable()
export class OpsAccessGuard implements CanActivate {
  private readonly log = new Logger('OpsAccess');

  constructor(
    private readonly reflector: Reflector,
    @Inject(OPS_CREDENTIALS) private readonly credentials: readonly OpsCredential[],
    @Optional() @Inject(OPS_ACCESS_OPTIONS) private readonly options: OpsAccessOptions = { denyByDefault: false },
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const marked = this.reflector.getAllAndOverride<OpsRole | undefined>(OPS_ROLE, targets);
    // Kafka handlers (rpc contexts) are not HTTP requests: deny-by-default is for HTTP routes only.
    const unmarkedHttp =
      marked === undefined &&
      context.getType() === 'http' &&
      this.options.denyByDefault &&
      !this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC, targets);
    const required: OpsRole | undefined = marked ?? (unmarkedHttp ? 'viewer' : undefined);
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
