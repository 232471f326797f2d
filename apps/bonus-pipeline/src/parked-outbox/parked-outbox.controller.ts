import { Body, Controller, Get, HttpCode, UseInterceptors, Post, Query, Req } from '@nestjs/common';
import { OpsAccess, opsPrincipalOf } from '@sa/platform';
import { DependencyUnavailableInterceptor } from '../ops-http/dependency-unavailable.interceptor';
import { badRequest } from '../ops-http/ops-http.responses';
import { ListParkedOutboxRowsUseCase } from './list-parked-outbox-rows.use-case';
import { checkParkedQuery, checkRepublishBody } from './parked-outbox-request.rules';
import { RepublishParkedOutboxRowsUseCase } from './republish-parked-outbox-rows.use-case';

interface ParkedRowBody {
  id: string;
  topic: string;
  key: string | null;
  payloadBytes: number;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  parkedAt: string;
}

/** Ops: outbox rows the relay parked; viewers list them, operators put them back in line. */
@OpsAccess('viewer')
@UseInterceptors(DependencyUnavailableInterceptor)
@Controller('v1/outbox/parked')
export class ParkedOutboxController {
  constructor(
    private readonly listRows: ListParkedOutboxRowsUseCase,
    private readonly republishRows: RepublishParkedOutboxRowsUseCase,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>): Promise<{ items: ParkedRowBody[] }> {
    const limit = checkParkedQuery(query);
    if (!limit.ok) throw badRequest(limit.faults);
    const { items } = await this.listRows.execute(limit.value);
    return {
      items: items.map((r) => ({
        ...r,
        payloadBytes: Number(r.payloadBytes),
        createdAt: r.createdAt.toISOString(),
        parkedAt: r.parkedAt.toISOString(),
      })),
    };
  }

  @OpsAccess('operator')
  @Post('republish')
  @HttpCode(200)
  async republish(@Body() body: unknown, @Req() request: unknown): Promise<{ republished: number }> {
    const selection = checkRepublishBody(body);
    if (!selection.ok) throw badRequest(selection.faults);
    const { count } = await this.republishRows.execute(selection.value, opsPrincipalOf(request).operator);
    return { republished: count };
  }
}
