import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Matches } from 'class-validator';
import {
  IsIdentifier,
  MEMBER_NUMBER_HINT,
  MEMBER_NUMBER_PATTERN,
  REGISTRATION_CHANNELS,
  RegistrationChannel,
} from '@sa/contracts';

export const CHANNEL_MESSAGE =
  `channel must be one of ${REGISTRATION_CHANNELS.join(', ')}: ` + 'how the customer reached customer service';

/** `POST /v1/registrations`: what the agent types while the customer is on the line. */
export class RegisterRequestDto {
  @ApiProperty({
    example: 'C-1001',
    maxLength: 128,
    description: "Sector Alarm's customer id: printable ASCII, no surrounding spaces",
  })
  @IsIdentifier()
  customerId!: string;

  @ApiProperty({ example: '1234567890', pattern: '^[0-9]{10}$', description: `R4: ${MEMBER_NUMBER_HINT}` })
  @IsString({ message: MEMBER_NUMBER_HINT })
  @Matches(MEMBER_NUMBER_PATTERN, { message: MEMBER_NUMBER_HINT })
  memberNumber!: string;

  @ApiProperty({ enum: REGISTRATION_CHANNELS, example: 'PHONE' })
  @IsIn(REGISTRATION_CHANNELS, { message: CHANNEL_MESSAGE })
  channel!: RegistrationChannel;

  @ApiProperty({
    type: Boolean,
    example: true,
    description:
      'R6: must be true, the customer consents to data being shared both ways; ' +
      'false is refused with 422 CONSENT_REQUIRED, a non-boolean with 400',
  })
  @IsBoolean({ message: 'consent must be a boolean: true once the customer has consented' })
  consent!: boolean;
}
