import { Inject, Injectable } from '@nestjs/common';
import { CONSOLE_CONFIG, ConsoleConfig } from '../config/console.config';
import { callUpstream, UpstreamCall } from '../infrastructure/upstream-http';
import {
  Channel,
  CustomerContracts,
  RegisterRequest,
  Registration,
  RegistrationApi,
  RegistrationState,
} from './registration-api.port';

/** Adapter: the registration API over HTTP. */
@Injectable()
export class HttpRegistrationApi implements RegistrationApi {
  constructor(@Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig) {}

  whoAmI(key: string) {
    return this.call<{ agentId: string }>('/v1/agents/me', { token: key });
  }

  customer(key: string, customerId: string) {
    return this.call<CustomerContracts>(`/v1/customers/${encodeURIComponent(customerId)}`, { token: key });
  }

  registration(key: string, customerId: string) {
    return this.call<RegistrationState>(`/v1/registrations/${encodeURIComponent(customerId)}`, { token: key });
  }

  register(key: string, request: RegisterRequest) {
    return this.call<Registration>('/v1/registrations', { method: 'POST', token: key, body: request });
  }

  revoke(key: string, customerId: string, channel: Channel) {
    const path = `/v1/registrations/${encodeURIComponent(customerId)}?channel=${channel}`;
    return this.call<Registration>(path, { method: 'DELETE', token: key });
  }

  private call<T>(path: string, call: Omit<UpstreamCall, 'timeoutMs'>) {
    return callUpstream<T>(this.config.registrationApiUrl, path, { ...call, timeoutMs: this.config.upstreamTimeoutMs });
  }
}
