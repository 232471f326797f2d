import { Inject, Injectable } from '@nestjs/common';
import { CONSOLE_CONFIG, ConsoleConfig } from '../config/console.config';
import { callUpstream, UpstreamCall } from '../infrastructure/upstream-http';
import { DeadLetterDetail, DeadLetterFilter, DeadLetterPage, PipelineApi, RedriveResult } from './pipeline-api.port';

/** Adapter: the pipeline's ops endpoints over HTTP. */
@Injectable()
export class HttpPipelineApi implements PipelineApi {
  constructor(@Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig) {}

  verify(token: string) {
    return this.call<unknown>('/v1/summary', { token });
  }

  metricsText(token: string) {
    return this.call<string>('/metrics', { token, raw: true });
  }

  deadLetters(token: string, filter: DeadLetterFilter) {
    const query = new URLSearchParams(
      Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
    ).toString();
    return this.call<DeadLetterPage>(`/v1/dead-letters${query ? `?${query}` : ''}`, { token });
  }

  deadLetter(token: string, id: string) {
    return this.call<DeadLetterDetail>(`/v1/dead-letters/${encodeURIComponent(id)}`, { token });
  }

  redrive(token: string, ids: string[]) {
    return this.call<{ results: RedriveResult[] }>('/v1/dead-letters/redrive', {
      method: 'POST',
      token,
      body: { ids },
    });
  }

  parked(token: string) {
    return this.call<unknown>('/v1/outbox/parked', { token });
  }

  republish(token: string, ids: string[]) {
    return this.call<{ republished: number }>('/v1/outbox/parked/republish', { method: 'POST', token, body: { ids } });
  }

  reconciliation(token: string, month: string) {
    return this.call<unknown>(`/v1/reconciliation?month=${encodeURIComponent(month)}`, { token });
  }

  reconciliationCsv(token: string, month: string) {
    return this.call<string>(`/v1/reconciliation.csv?month=${encodeURIComponent(month)}`, { token, raw: true });
  }

  explainInvoice(token: string, invoiceId: string) {
    return this.call<unknown>(`/v1/invoices/${encodeURIComponent(invoiceId)}/explanation`, { token });
  }

  private call<T>(path: string, call: Omit<UpstreamCall, 'timeoutMs'>) {
    return callUpstream<T>(this.config.pipelineUrl, path, { ...call, timeoutMs: this.config.upstreamTimeoutMs });
  }
}
