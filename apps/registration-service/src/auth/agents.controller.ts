import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AgentDto } from '../customers/dto/customer-responses.dto';
import { AUDIT_OUTCOME } from '../http/audit.middleware';
import { HttpResponse } from '../http/express-types';
import { RefusalDto, UnauthorizedDto } from '../registrations/dto/registration-responses.dto';
import { ApiKeyGuard, CurrentAgent } from './api-key.guard';

/** Who a key belongs to: lets a front end (the console) check an agent's sign-in without recording anything. */
@ApiTags('agents')
@ApiBearerAuth('bearer')
@ApiSecurity('api-key')
@UseGuards(ApiKeyGuard)
@Controller('v1/agents')
export class AgentsController {
  @Get('me')
  @ApiOperation({ operationId: 'whoAmI', summary: 'The agent the key was issued to' })
  @ApiResponse({ status: 200, type: AgentDto })
  @ApiResponse({ status: 401, description: 'no credential or a wrong one', type: UnauthorizedDto })
  @ApiResponse({
    status: 503,
    description: 'AUTHENTICATION_UNAVAILABLE: the key store (PostgreSQL) cannot be reached',
    type: RefusalDto,
  })
  whoAmI(@CurrentAgent() agentId: string, @Res({ passthrough: true }) res: HttpResponse): AgentDto {
    res.locals[AUDIT_OUTCOME] = 'READ_AGENT';
    return { agentId };
  }
}
