import { ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { OpsAccess, OpsAccessGuard, PublicEndpoint } from './ops-access.guard';
import { newOpsCredential, parseOpsCredentials } from './ops-credentials';

class Unmarked {
  handle(): void {}
}
@PublicEndpoint()
class Health {
  handle(): void {}
}
@OpsAccess('operator')
class Operators {
  handle(): void {}
}

const viewer = newOpsCredential('grafana', 'viewer');
const credentials = parseOpsCredentials([viewer.entry]);

function context(type: 'http' | 'rpc', controller: { prototype: { handle(): void } }, token?: string) {
  const request = { headers: token ? { authorization: `Bearer ${token}` } : {} };
  const response = { setHeader: () => undefined };
  return {
    getType: () => type,
    getHandler: () => controller.prototype.handle,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ExecutionContext;
}

describe('OpsAccessGuard', () => {
  const denying = new OpsAccessGuard(new Reflector(), credentials, { denyByDefault: true });
  const lenient = new OpsAccessGuard(new Reflector(), credentials);

  it('deny by default: an unmarked HTTP handler needs a viewer token (401 without one)', () => {
    expect(() => denying.canActivate(context('http', Unmarked))).toThrow(UnauthorizedException);
    expect(denying.canActivate(context('http', Unmarked, viewer.token))).toBe(true);
  });

  it('deny by default leaves @PublicEndpoint handlers and Kafka (rpc) handlers open', () => {
    expect(denying.canActivate(context('http', Health))).toBe(true);
    expect(denying.canActivate(context('rpc', Unmarked))).toBe(true);
  });

  it('without the option an unmarked handler is left to other checks (the registration service’s agent key)', () => {
    expect(lenient.canActivate(context('http', Unmarked))).toBe(true);
  });

  it('a marked handler needs its role either way', () => {
    for (const guard of [denying, lenient]) {
      expect(() => guard.canActivate(context('http', Operators))).toThrow(UnauthorizedException);
      expect(() => guard.canActivate(context('http', Operators, viewer.token))).toThrow('ops role');
    }
  });
});
