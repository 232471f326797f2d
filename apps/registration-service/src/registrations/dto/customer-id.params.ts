import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsIn } from 'class-validator';
import { IsIdentifier, REGISTRATION_CHANNELS, RegistrationChannel } from '@sa/contracts';
import { CHANNEL_MESSAGE } from './register-request.dto';

export class CustomerIdParams {
  @ApiProperty({
    example: 'C-1001',
    minLength: 1,
    maxLength: 128,
    pattern: '^[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?$',
    description:
      "Sector Alarm's customer id: printable ASCII, no surrounding spaces, percent-encoded UTF-8 in the path",
  })
  @IsIdentifier()
  customerId!: string;
}

export class RevokeQuery {
  @ApiProperty({
    enum: REGISTRATION_CHANNELS,
    required: false,
    description: "The channel the customer asked through; the grant's channel when omitted",
  })
  @IsOptional()
  @IsIn(REGISTRATION_CHANNELS, { message: CHANNEL_MESSAGE })
  channel?: RegistrationChannel;
}
