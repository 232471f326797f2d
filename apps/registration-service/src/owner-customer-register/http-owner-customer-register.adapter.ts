import { Inject, Injectable, Logger } from '@nestjs/common';
import { maskMemberNumber } from '@sa/contracts';
import { REGISTRATION_CONFIG, RegistrationConfig } from '../config/registration.config';
import { RegisterCallFailure, RegistrationMetrics } from '../metrics/registration-metrics';
import { OwnerCustomerLookup, OwnerCustomerRegister } from './owner-customer-register.port';

/** One call: an answer, or a failure worth retrying, or one that is not. */
type Attempt =
  | Exclude<OwnerCustomerLookup, { kind: 'unavailable' }>
  | { kind: 'retry'; reason: string; failure: RegisterCallFailure }
  | { kind: 'unavailable'; reason: string; failure: RegisterCallFailure };

/**
 * Adapter: S-Group's register over HTTP (CONTRACT.md). Each attempt has its own timeout; network
 * errors, timeouts, 429 and 5xx are retried a bounded number of times, then reported unavailable.
 */
@Injectable()
export class HttpOwnerCustomerRegister implements OwnerCustomerRegister {
  private readonly log = new Logger('OwnerCustomerRegister');

  constructor(
    @Inject(REGISTRATION_CONFIG) private readonly config: Pick<RegistrationConfig, 'sgroupRegistry'>,
    private readonly metrics: RegistrationMetrics,
  ) {}

  /** Timed and counted by its outcome; each failed call is counted by its reason. */
  async lookup(memberNumber: string): Promise<OwnerCustomerLookup> {
    const started = performance.now();
    const found = await this.lookupWithRetries(memberNumber);
    this.metrics.registerCall(found.kind, (performance.now() - started) / 1000);
    return found;
  }

  private async lookupWithRetries(memberNumber: string): Promise<OwnerCustomerLookup> {
    const { retries, retryDelayMs } = this.config.sgroupRegistry;
    let reason = 'not attempted';
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, retryDelayMs * attempt));
      const result = await this.attempt(memberNumber);
      if (result.kind !== 'retry' && result.kind !== 'unavailable') return result;
      this.metrics.registerCallFailed(result.failure);
      if (result.kind === 'unavailable') return { kind: 'unavailable', reason: result.reason };
      reason = result.reason;
      this.log.warn({
        message: 'owner-customer register attempt failed',
        attempt: attempt + 1,
        reason,
        memberNumber: maskMemberNumber(memberNumber),
      });
    }
    return { kind: 'unavailable', reason };
  }

  private async attempt(memberNumber: string): Promise<Attempt> {
    const { url, timeoutMs } = this.config.sgroupRegistry;
    let response: Response;
    let body: unknown;
    try {
      response = await fetch(`${url}/v1/owner-customers/${encodeURIComponent(memberNumber)}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.status === 404) {
        await response.body?.cancel();
        return { kind: 'unknown' };
      }
      if (response.status >= 500 || response.status === 429) {
        await response.body?.cancel();
        const failure = response.status === 429 ? 'http_429' : 'http_5xx';
        return { kind: 'retry', reason: `HTTP ${response.status}`, failure };
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        return { kind: 'unavailable', reason: `unexpected HTTP ${response.status}`, failure: 'unexpected_status' };
      }
      body = await response.json();
    } catch (error) {
      const name = (error as Error).name;
      return name === 'TimeoutError'
        ? { kind: 'retry', reason: `no answer within ${timeoutMs} ms`, failure: 'timeout' }
        : { kind: 'retry', reason: `${name}: ${(error as Error).message}`, failure: 'network' };
    }
    const parsed = parseOwnerCustomer(body, memberNumber);
    return parsed.kind === 'unavailable' ? { ...parsed, failure: 'bad_body' } : parsed;
  }
}

/** The register's 200 body, checked: a malformed answer must never become a registration. */
export function parseOwnerCustomer(body: unknown, memberNumber: string): OwnerCustomerLookup {
  const b = (typeof body === 'object' && body !== null ? body : {}) as {
    memberNumber?: unknown;
    householdId?: unknown;
    ownerCustomer?: unknown;
  };
  if (b.memberNumber !== memberNumber || typeof b.ownerCustomer !== 'boolean')
    return { kind: 'unavailable', reason: 'the register answered with an unexpected body' };
  if (!b.ownerCustomer) return { kind: 'not-owner-customer' };
  if (typeof b.householdId !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(b.householdId))
    return { kind: 'unavailable', reason: 'the register named no usable householdId' };
  return { kind: 'owner-customer', householdId: b.householdId };
}
