import { Body, Controller, Delete, Get, Head, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, CurrentAgent } from '../auth/api-key.guard';
import { HttpResponse } from '../http/express-types';
import { CustomerIdParams, RevokeQuery } from './dto/customer-id.params';
import { RegisterRequestDto } from './dto/register-request.dto';
import {
  ErrorDto,
  RefusalDto,
  RegistrationDto,
  RegistrationStateDto,
  UnauthorizedDto,
  ValidationErrorDto,
} from './dto/registration-responses.dto';
import { GetRegistrationUseCase } from './get-registration.use-case';
import { GrantConsentUseCase } from './grant-consent.use-case';
import { presentGrant, presentRevoke, presentState } from './registration.presenter';
import { RevokeConsentUseCase } from './revoke-consent.use-case';

const DEPENDENCY_DOWN =
  'AUTHENTICATION_UNAVAILABLE: the key store (PostgreSQL) cannot be reached; nothing recorded; ' +
  'DEPENDENCY_UNAVAILABLE: PostgreSQL or the broker went away mid-request; the transaction was rolled back';

@ApiTags('registrations')
@ApiBearerAuth('bearer')
@ApiSecurity('api-key')
@ApiResponse({
  status: 401,
  description: 'no credential or a wrong one; checked before anything else',
  type: UnauthorizedDto,
})
@ApiResponse({ status: 400, description: 'malformed input: every field at fault is named', type: ValidationErrorDto })
@ApiResponse({ status: 503, description: DEPENDENCY_DOWN, type: RefusalDto })
@UseGuards(ApiKeyGuard)
@Controller('v1/registrations')
export class RegistrationsController {
  constructor(
    private readonly grant: GrantConsentUseCase,
    private readonly revoke: RevokeConsentUseCase,
    private readonly read: GetRegistrationUseCase,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'register',
    summary: "Register the customer's S-Group owner-customer relationship (consent)",
  })
  @ApiResponse({
    status: 201,
    description: 'granted, or replaced the previous member number at the same instant',
    type: RegistrationDto,
  })
  @ApiResponse({
    status: 200,
    description: 'the same member number is already active: the same registration, no new event',
    type: RegistrationDto,
  })
  @ApiResponse({ status: 413, description: 'body over 100 kB', type: ErrorDto })
  @ApiResponse({
    status: 415,
    description: 'the body is not application/json in UTF-8, or is compressed',
    type: ErrorDto,
  })
  @ApiResponse({
    status: 422,
    description: 'CONSENT_REQUIRED | NO_CUSTOMER_RELATIONSHIP | MEMBER_NUMBER_UNKNOWN | NOT_OWNER_CUSTOMER',
    type: RefusalDto,
  })
  @ApiResponse({
    status: 503,
    description: `OWNER_CUSTOMER_REGISTER_UNAVAILABLE: S-Group's register unreachable; or ${DEPENDENCY_DOWN}`,
    type: RefusalDto,
  })
  async register(
    @Body() body: RegisterRequestDto,
    @CurrentAgent() agentId: string,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<RegistrationDto> {
    return presentGrant(await this.grant.execute({ ...body, agentId }), res);
  }

  @Delete(':customerId')
  @ApiOperation({ operationId: 'revoke', summary: "Revoke the customer's consent from this moment" })
  @ApiResponse({ status: 200, description: 'revoked', type: RegistrationDto })
  @ApiResponse({ status: 404, description: 'NO_ACTIVE_REGISTRATION; nothing recorded', type: RefusalDto })
  async revokeConsent(
    @Param() params: CustomerIdParams,
    @Query() query: RevokeQuery,
    @CurrentAgent() agentId: string,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<RegistrationDto> {
    return presentRevoke(
      await this.revoke.execute({ customerId: params.customerId, channel: query.channel, agentId }),
      res,
    );
  }

  @Get(':customerId')
  @ApiOperation({ operationId: 'read', summary: 'Current state and full history of grants and revocations' })
  @ApiResponse({ status: 200, type: RegistrationStateDto })
  async state(
    @Param() params: CustomerIdParams,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<RegistrationStateDto> {
    return presentState(await this.read.execute(params.customerId), res);
  }

  @Head(':customerId')
  @ApiOperation({ operationId: 'readHead', summary: 'As GET, headers only' })
  @ApiResponse({ status: 200, description: 'as GET, without a body' })
  async stateHead(
    @Param() params: CustomerIdParams,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<RegistrationStateDto> {
    return this.state(params, res);
  }
}
