import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Put,
  ServiceUnavailableException,
} from '@nestjs/common';
import { MEMBER_NUMBER_PATTERN } from '@sa/contracts';
import { MemberDirectory } from './member-directory';
import { OwnerCustomer, OwnerCustomerChange } from './owner-customer';

/** S-Group's API as CONTRACT.md describes it, plus PUT/DELETE so tests can change the register. */
@Controller('v1/owner-customers')
export class OwnerCustomersController {
  constructor(@Inject(MemberDirectory) private readonly directory: MemberDirectory) {}

  @Get(':memberNumber')
  async find(@Param('memberNumber') memberNumber: string): Promise<OwnerCustomer> {
    const { delayMs, failWith503 } = this.directory.behaviour;
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    if (failWith503) throw new ServiceUnavailableException('the register is down (simulated)');
    const member = this.directory.find(memberNumber);
    if (!member) throw new NotFoundException('unknown member number');
    return member;
  }

  @Put(':memberNumber')
  put(@Param('memberNumber') memberNumber: string, @Body() change: OwnerCustomerChange): OwnerCustomer {
    if (!MEMBER_NUMBER_PATTERN.test(memberNumber))
      throw new BadRequestException('memberNumber must be exactly 10 digits');
    if (change.ownerCustomer && !change.householdId)
      throw new BadRequestException('householdId is required for an owner-customer');
    const member: OwnerCustomer = {
      memberNumber,
      householdId: change.householdId ?? null,
      ownerCustomer: change.ownerCustomer,
    };
    this.directory.put(member);
    return member;
  }

  @Delete(':memberNumber')
  @HttpCode(204)
  remove(@Param('memberNumber') memberNumber: string): void {
    if (!this.directory.remove(memberNumber)) throw new NotFoundException('unknown member number');
  }
}
