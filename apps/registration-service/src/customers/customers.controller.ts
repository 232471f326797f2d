import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { HttpResponse } from '../http/express-types';
import { CustomerIdParams } from '../registrations/dto/customer-id.params';
import { RefusalDto, UnauthorizedDto, ValidationErrorDto } from '../registrations/dto/registration-responses.dto';
import { presentCustomerContracts } from './customer.presenter';
import { CustomerContractsDto } from './dto/customer-responses.dto';
import { GetCustomerContractsUseCase } from './get-customer-contracts.use-case';

/** What an agent looks at before registering: the customer's contracts and whether R8 holds. */
@ApiTags('customers')
@ApiBearerAuth('bearer')
@ApiSecurity('api-key')
@ApiResponse({ status: 401, description: 'no credential or a wrong one', type: UnauthorizedDto })
@ApiResponse({ status: 400, description: 'a customer id that is not percent-encoded UTF-8', type: ValidationErrorDto })
@ApiResponse({
  status: 503,
  description: 'AUTHENTICATION_UNAVAILABLE or DEPENDENCY_UNAVAILABLE: PostgreSQL cannot be reached',
  type: RefusalDto,
})
@UseGuards(ApiKeyGuard)
@Controller('v1/customers')
export class CustomersController {
  constructor(private readonly contracts: GetCustomerContractsUseCase) {}

  @Get(':customerId')
  @ApiOperation({
    operationId: 'readCustomer',
    summary: "The customer's contracts (state and signer now) and whether they are a customer relationship (R8)",
  })
  @ApiResponse({ status: 200, type: CustomerContractsDto })
  async customer(
    @Param() params: CustomerIdParams,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<CustomerContractsDto> {
    return presentCustomerContracts(await this.contracts.execute(params.customerId), res);
  }
}
