import { IsBoolean, IsOptional, Matches, ValidateIf } from 'class-validator';
import { IsIdentifier, MEMBER_NUMBER_PATTERN } from '@sa/contracts';

/** One entry of S-Group's register, as `GET /v1/owner-customers/{memberNumber}` returns it. */
export class OwnerCustomer {
  @Matches(MEMBER_NUMBER_PATTERN, { message: 'memberNumber must be exactly 10 digits' })
  memberNumber!: string;

  @ValidateIf((o: OwnerCustomer) => o.ownerCustomer || o.householdId !== null)
  @IsIdentifier()
  householdId!: string | null;

  @IsBoolean()
  ownerCustomer!: boolean;
}

/** `PUT /v1/owner-customers/{memberNumber}` body: the member number comes from the path. */
export class OwnerCustomerChange {
  @IsOptional()
  @IsIdentifier()
  householdId?: string | null;

  @IsBoolean()
  ownerCustomer!: boolean;
}
