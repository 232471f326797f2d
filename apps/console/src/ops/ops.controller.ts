import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CONSOLE_CONFIG, ConsoleConfig } from '../config/console.config';
import { ConsoleRequest, ConsoleResponse } from '../http/http-types';
import { field, fields, sendPage } from '../http/respond';
import { html, SafeHtml } from '../views/html';
import { notice } from '../views/layout';
import { MetricsSampler } from './metrics/metrics-sampler';
import {
  dashboardPage,
  deadLetterPage,
  deadLettersPage,
  failureNotice,
  Failure,
  invoiceSearch,
  monthForm,
  parkedPage,
  redriveResultsPage,
  value,
} from './ops.pages';
import { DeadLetterFilter, PIPELINE_API, PipelineApi } from './pipeline-api.port';
import { RedriveDeadLettersUseCase } from './redrive-dead-letters.use-case';
import { RepublishParkedUseCase } from './republish-parked.use-case';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Ops pages. Reads go straight to the pipeline's ops API with the signed-in user's token (the pipeline
 * checks the role); the two changes (re-drive, republish) are use cases.
 */
@Controller('ops')
export class OpsController {
  constructor(
    @Inject(PIPELINE_API) private readonly pipeline: PipelineApi,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
    private readonly sampler: MetricsSampler,
    private readonly redriveDeadLetters: RedriveDeadLettersUseCase,
    private readonly republishParked: RepublishParkedUseCase,
  ) {}

  @Get()
  dashboard(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): void {
    const body = dashboardPage(req.ctx, this.sampler, this.config.metrics.sampleMs / 1000);
    sendPage(res, 200, req.ctx, req.ctx.t('dashboardHeading'), body);
  }

  @Get('dead-letters')
  async deadLetters(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): Promise<void> {
    const filter: DeadLetterFilter = {};
    for (const name of ['sourceTopic', 'code', 'since', 'until', 'limit', 'before'] as const) {
      const v = field(req.query, name);
      if (v !== '') filter[name] = v;
    }
    const answer = await this.pipeline.deadLetters(this.token(req), filter);
    const title = req.ctx.t('deadLettersHeading');
    if (answer.kind !== 'ok') return this.failed(req, res, title, answer);
    sendPage(res, 200, req.ctx, title, deadLettersPage(req.ctx, filter, answer.body));
  }

  @Post('dead-letters/redrive')
  async redrive(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): Promise<void> {
    const title = req.ctx.t('redriveResults');
    const outcome = await this.redriveDeadLetters.execute(this.token(req), fields(req.body, 'ids'));
    if (outcome.kind === 'nothing-selected')
      return sendPage(res, 400, req.ctx, title, notice('error', req.ctx.t('nothingSelected')));
    if (outcome.kind === 'failed') return this.failed(req, res, title, outcome.answer);
    sendPage(res, 200, req.ctx, title, redriveResultsPage(req.ctx, outcome.results));
  }

  @Get('dead-letters/:id')
  async deadLetter(@Param('id') id: string, @Req() req: ConsoleRequest, @Res() res: ConsoleResponse): Promise<void> {
    const answer = await this.pipeline.deadLetter(this.token(req), id);
    const title = `${req.ctx.t('deadLettersHeading')}: ${id}`;
    if (answer.kind !== 'ok') return this.failed(req, res, title, answer);
    sendPage(res, 200, req.ctx, title, deadLetterPage(req.ctx, answer.body));
  }

  @Get('outbox/parked')
  async parked(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): Promise<void> {
    const answer = await this.pipeline.parked(this.token(req));
    const title = req.ctx.t('parkedHeading');
    if (answer.kind !== 'ok') return this.failed(req, res, title, answer);
    sendPage(res, 200, req.ctx, title, parkedPage(req.ctx, answer.body));
  }

  @Post('outbox/parked/republish')
  async republish(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): Promise<void> {
    const title = req.ctx.t('republishResults');
    const outcome = await this.republishParked.execute(this.token(req), fields(req.body, 'ids'));
    if (outcome.kind === 'nothing-selected')
      return sendPage(res, 400, req.ctx, title, notice('error', req.ctx.t('nothingSelected')));
    if (outcome.kind === 'failed') return this.failed(req, res, title, outcome.answer);
    const back = html`<p><a href="/ops/outbox/parked">${req.ctx.t('navParked')}</a></p>`;
    const done = notice('ok', req.ctx.t('republished', { count: outcome.count }));
    sendPage(res, 200, req.ctx, title, html`${done}${back}`);
  }

  @Get('invoices')
  async invoice(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): Promise<void> {
    const invoiceId = field(req.query, 'invoiceId');
    const title = req.ctx.t('invoiceHeading');
    const search = invoiceSearch(req.ctx, invoiceId);
    if (invoiceId === '') return sendPage(res, 200, req.ctx, title, search);
    const answer = await this.pipeline.explainInvoice(this.token(req), invoiceId);
    if (answer.kind !== 'ok') return this.failed(req, res, title, answer, search);
    sendPage(
      res,
      200,
      req.ctx,
      title,
      html`${search}
        <section id="explanation">${value(answer.body)}</section>`,
    );
  }

  @Get('reconciliation')
  async reconciliation(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): Promise<void> {
    const month = field(req.query, 'month');
    const title = req.ctx.t('reconciliationHeading');
    const valid = MONTH.test(month);
    const form = monthForm(req.ctx, valid ? month : '');
    if (!valid) return sendPage(res, month === '' ? 200 : 400, req.ctx, title, form);
    const answer = await this.pipeline.reconciliation(this.token(req), month);
    if (answer.kind !== 'ok') return this.failed(req, res, title, answer, form);
    sendPage(
      res,
      200,
      req.ctx,
      title,
      html`${form}
        <section id="reconciliation">${value(answer.body)}</section>`,
    );
  }

  /** The CSV through the console: the browser never holds the ops token. */
  @Get('reconciliation.csv')
  async reconciliationCsv(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): Promise<void> {
    const month = field(req.query, 'month');
    const title = req.ctx.t('reconciliationHeading');
    if (!MONTH.test(month)) return sendPage(res, 400, req.ctx, title, monthForm(req.ctx, ''));
    const answer = await this.pipeline.reconciliationCsv(this.token(req), month);
    if (answer.kind !== 'ok') return this.failed(req, res, title, answer);
    res.setHeader('Content-Disposition', `attachment; filename="reconciliation-${month}.csv"`);
    res.status(200).type('text/csv; charset=utf-8').send(answer.body);
  }

  private token(req: ConsoleRequest): string {
    return req.ctx.session!.credential;
  }

  private failed(req: ConsoleRequest, res: ConsoleResponse, title: string, failure: Failure, before?: SafeHtml) {
    const { status, body } = failureNotice(req.ctx, failure);
    sendPage(res, status, req.ctx, title, html`${before}${body}`);
  }
}
