import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ConsoleRequest, ConsoleResponse } from '../http/http-types';
import { field, sendPage } from '../http/respond';
import { html } from '../views/html';
import { customerPage, Done, isDone, RegisterFormValues, refusalNotice, revokePage, searchForm } from './customer.page';
import { FindCustomerUseCase } from './find-customer.use-case';
import { Refusal } from './refusal';
import { RegisterCustomerUseCase } from './register-customer.use-case';
import { CHANNELS, Channel } from './registration-api.port';
import { RevokeRegistrationUseCase } from './revoke-registration.use-case';

const STATUS_OF: Partial<Record<Refusal['reason'], number>> = {
  INVALID: 400,
  KEY_REFUSED: 401,
  NO_ACTIVE_REGISTRATION: 404,
  UNAVAILABLE: 503,
  OWNER_CUSTOMER_REGISTER_UNAVAILABLE: 503,
};

function channelOf(value: string): Channel | '' {
  return (CHANNELS as readonly string[]).includes(value) ? (value as Channel) : '';
}

/** Agents' pages: find a customer, register, revoke (with a confirmation step). The session's key calls the API. */
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly find: FindCustomerUseCase,
    private readonly register: RegisterCustomerUseCase,
    private readonly revoke: RevokeRegistrationUseCase,
  ) {}

  @Get()
  async search(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): Promise<void> {
    const customerId = field(req.query, 'customerId');
    const done = field(req.query, 'done');
    if (customerId === '') return sendPage(res, 200, req.ctx, req.ctx.t('findCustomer'), searchForm(req.ctx, ''));
    await this.showCustomer(req, res, customerId, 200, {
      done: isDone(done) ? done : null,
      refusal: null,
      form: { memberNumber: '', channel: '' },
    });
  }

  @Post(':customerId/register')
  async registerCustomer(
    @Param('customerId') customerId: string,
    @Req() req: ConsoleRequest,
    @Res() res: ConsoleResponse,
  ) {
    // Spaces are how people read numbers out; they are not part of the number.
    const memberNumber = field(req.body, 'memberNumber').replace(/\s+/g, '');
    // Sent as given: a channel the API does not know comes back as a 400 naming the field.
    const sentChannel = field(req.body, 'channel') as Channel;
    const outcome = await this.register.execute(req.ctx.session!.credential, {
      customerId,
      memberNumber,
      channel: sentChannel,
      consent: field(req.body, 'consent') === 'yes',
    });
    if (outcome.kind !== 'refused') return res.redirect(303, this.customerUrl(customerId, outcome.kind));
    await this.showCustomer(req, res, customerId, STATUS_OF[outcome.refusal.reason] ?? 422, {
      done: null,
      refusal: outcome.refusal,
      form: { memberNumber, channel: channelOf(sentChannel) },
    });
  }

  @Get(':customerId/revoke')
  confirmRevoke(@Param('customerId') customerId: string, @Req() req: ConsoleRequest, @Res() res: ConsoleResponse) {
    const title = req.ctx.t('revokeHeading', { customerId });
    sendPage(res, 200, req.ctx, title, revokePage(req.ctx, customerId, null));
  }

  @Post(':customerId/revoke')
  async revokeConsent(
    @Param('customerId') customerId: string,
    @Req() req: ConsoleRequest,
    @Res() res: ConsoleResponse,
  ) {
    const channel = field(req.body, 'channel') as Channel;
    const outcome = await this.revoke.execute(req.ctx.session!.credential, customerId, channel);
    if (outcome.kind === 'revoked') return res.redirect(303, this.customerUrl(customerId, 'revoked'));
    const title = req.ctx.t('revokeHeading', { customerId });
    sendPage(
      res,
      STATUS_OF[outcome.refusal.reason] ?? 422,
      req.ctx,
      title,
      revokePage(req.ctx, customerId, outcome.refusal),
    );
  }

  private async showCustomer(
    req: ConsoleRequest,
    res: ConsoleResponse,
    customerId: string,
    status: number,
    view: { done: Done | null; refusal: Refusal | null; form: RegisterFormValues },
  ): Promise<void> {
    const { t } = req.ctx;
    const found = await this.find.execute(req.ctx.session!.credential, customerId);
    const title = t('customerHeading', { customerId });
    if (found.kind === 'refused') {
      const earlier = view.refusal && refusalNotice(req.ctx, view.refusal);
      const body = html`${searchForm(req.ctx, customerId)}${earlier}${refusalNotice(req.ctx, found.refusal)}`;
      return sendPage(res, STATUS_OF[found.refusal.reason] ?? 422, req.ctx, title, body);
    }
    sendPage(res, status, req.ctx, title, customerPage(req.ctx, customerId, { ...found, ...view }));
  }

  private customerUrl(customerId: string, done: Done): string {
    return `/customers?customerId=${encodeURIComponent(customerId)}&done=${done}`;
  }
}
