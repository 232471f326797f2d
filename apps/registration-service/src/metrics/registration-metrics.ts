import { outboxPublishHistogram } from '@sa/outbox';
import { Counter, Histogram, Registry } from 'prom-client';

/** Why one call to S-Group's register failed (a label: a few fixed values, never the error text). */
export type RegisterCallFailure = 'timeout' | 'network' | 'http_429' | 'http_5xx' | 'unexpected_status' | 'bad_body';

/**
 * The registration service's own metrics (names read by the ops console: keep them). Counted at the
 * edges: the HTTP middleware per answered request, the register's HTTP adapter per lookup and per
 * failed call, the registration store per committed consent event, the relay per publishing pass.
 */
export class RegistrationMetrics {
  private readonly requests: Counter<'route' | 'method' | 'status'>;
  private readonly requestDuration: Histogram<'route' | 'method'>;
  private readonly registerCallDuration: Histogram<'outcome'>;
  private readonly registerCallFailures: Counter<'reason'>;
  private readonly consents: Counter<'event'>;
  private readonly publishDuration: Histogram;

  constructor(readonly registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route template ("unmatched" for unknown paths), method and status',
      labelNames: ['route', 'method', 'status'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests from arrival to the last byte of the answer, by route template and method',
      labelNames: ['route', 'method'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.registerCallDuration = new Histogram({
      name: 'sgroup_register_call_duration_seconds',
      help: "One lookup in S-Group's owner-customer register, retries included, by its outcome",
      labelNames: ['outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.registerCallFailures = new Counter({
      name: 'sgroup_register_call_failures_total',
      help: "Failed calls to S-Group's register (each attempt), by reason",
      labelNames: ['reason'],
      registers,
    });
    this.consents = new Counter({
      name: 'registration_consents_total',
      help: 'Consent events committed (and so published), granted or revoked',
      labelNames: ['event'],
      registers,
    });
    this.publishDuration = outboxPublishHistogram(registry);
    for (const event of ['granted', 'revoked']) this.consents.inc({ event }, 0);
  }

  request(route: string, method: string, status: number, seconds: number): void {
    this.requests.inc({ route, method, status });
    this.requestDuration.observe({ route, method }, seconds);
  }

  registerCall(outcome: string, seconds: number): void {
    this.registerCallDuration.observe({ outcome }, seconds);
  }

  registerCallFailed(reason: RegisterCallFailure): void {
    this.registerCallFailures.inc({ reason });
  }

  consentsCommitted(granted: number, revoked: number): void {
    if (granted > 0) this.consents.inc({ event: 'granted' }, granted);
    if (revoked > 0) this.consents.inc({ event: 'revoked' }, revoked);
  }

  readonly published = (seconds: number): void => this.publishDuration.observe(seconds);
}
