import { Body, Controller, Get, HttpCode, UseInterceptors, Param, Post, Query, Req } from '@nestjs/common';
import { OpsAccess, opsPrincipalOf } from '@sa/platform';
import { DependencyUnavailableInterceptor } from '../ops-http/dependency-unavailable.interceptor';
import { badRequest, dependencyUnavailable, notFound } from '../ops-http/ops-http.responses';
import { checkDeadLetterId, checkListQuery, checkRedriveBody } from './dead-letter-request.rules';
import { DeadLetterDetailBody, DeadLetterItemBody, detailBody, listBody, redriveBody } from './dead-letters.presenter';
import { ListDeadLettersUseCase } from './list-dead-letters.use-case';
import { RedriveDeadLettersUseCase, RedriveResult } from './redrive-dead-letters.use-case';
import { ShowDeadLetterUseCase } from './show-dead-letter.use-case';

/** Ops: the dead letters kept whole; viewers read them, operators re-drive them (audited by name). */
@OpsAccess('viewer')
@UseInterceptors(DependencyUnavailableInterceptor)
@Controller('v1/dead-letters')
export class DeadLettersController {
  constructor(
    private readonly listLetters: ListDeadLettersUseCase,
    private readonly showLetter: ShowDeadLetterUseCase,
    private readonly redriveLetters: RedriveDeadLettersUseCase,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>): Promise<{ items: DeadLetterItemBody[]; next: string | null }> {
    const filter = checkListQuery(query);
    if (!filter.ok) throw badRequest(filter.faults);
    return listBody(await this.listLetters.execute(filter.value));
  }

  @Get(':id')
  async show(@Param('id') id: string): Promise<DeadLetterDetailBody> {
    const checked = checkDeadLetterId(id);
    if (!checked.ok) throw badRequest(checked.faults);
    const outcome = await this.showLetter.execute(checked.value);
    if (outcome.kind === 'not-found') throw notFound('DEAD_LETTER_NOT_FOUND', `no dead letter ${outcome.id}`);
    return detailBody(outcome.letter);
  }

  @OpsAccess('operator')
  @Post('redrive')
  @HttpCode(200)
  async redrive(@Body() body: unknown, @Req() request: unknown): Promise<{ results: RedriveResult[] }> {
    const ids = checkRedriveBody(body);
    if (!ids.ok) throw badRequest(ids.faults);
    const outcome = await this.redriveLetters.execute(ids.value, opsPrincipalOf(request).operator);
    if (outcome.kind === 'unavailable') {
      throw dependencyUnavailable(
        'the database or the broker cannot be reached right now; the letters in results were re-driven, ' +
          'the rest were not: try those again shortly',
        redriveBody(outcome.results),
      );
    }
    return redriveBody(outcome.results);
  }
}
