import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { CONSENT_EVENT_TYPES, REGISTRATION_CHANNELS } from '@sa/contracts';

// Member numbers leave the API masked (last 4 digits): the agent typed the number and needs no echo of it.
export class RegistrationDto {
  @ApiProperty({ format: 'uuid' }) registrationId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ enum: ['ACTIVE', 'REVOKED'] }) status!: 'ACTIVE' | 'REVOKED';
  @ApiProperty({ example: '******7890' }) memberNumberMasked!: string;
  @ApiProperty({ example: 'H-42' }) householdId!: string;
  @ApiProperty({ enum: REGISTRATION_CHANNELS }) channel!: string;
  @ApiProperty({ example: 'agent-17', description: 'the authenticated agent who recorded it' }) recordedBy!: string;
  @ApiProperty({ example: '2026-11-23T08:00:00.000Z', description: 'R7: effective from this instant' })
  effectiveAt!: string;
  @ApiProperty({ required: false, nullable: true, type: String, example: '2026-12-01T10:00:00.000Z' }) revokedAt?:
    string | null;
  @ApiProperty({
    required: false,
    type: String,
    example: 'agent-17',
    description: 'on a revocation: the agent who revoked it',
  })
  revokedBy?: string;
  @ApiProperty({
    required: false,
    nullable: true,
    type: String,
    description: 'on a replacement: the registration revoked at the same instant',
  })
  replacedRegistrationId?: string | null;
}

export class HistoryEntryDto {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ enum: CONSENT_EVENT_TYPES }) eventType!: string;
  @ApiProperty({ format: 'uuid' }) registrationId!: string;
  @ApiProperty({ example: '******7890' }) memberNumberMasked!: string;
  @ApiProperty() householdId!: string;
  @ApiProperty() effectiveAt!: string;
  @ApiProperty({ enum: REGISTRATION_CHANNELS }) channel!: string;
  @ApiProperty() recordedBy!: string;
}

export class RegistrationStateDto {
  @ApiProperty() customerId!: string;
  @ApiProperty({ enum: ['ACTIVE', 'REVOKED', 'NOT_REGISTERED'] }) status!: 'ACTIVE' | 'REVOKED' | 'NOT_REGISTERED';
  // OpenAPI 3.0 has no `type: null`: a second branch that admits only null, so strict clients accept `current: null`.
  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(RegistrationDto) }, { type: 'object', nullable: true, enum: [null] }],
    description: 'the active registration; null when none is active',
  })
  current!: RegistrationDto | null;
  @ApiProperty({ type: [HistoryEntryDto], description: 'every grant and revocation, oldest first' })
  history!: HistoryEntryDto[];
}

export class FieldFaultDto {
  @ApiProperty({ example: 'memberNumber' }) field!: string;
  @ApiProperty({ example: 'matches' }) rule!: string;
  @ApiProperty() message!: string;
}

export class ValidationErrorDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({ type: [String] }) message!: string[];
  @ApiProperty({ type: [FieldFaultDto] }) fields!: FieldFaultDto[];
}

export class RefusalDto {
  @ApiProperty({ example: 422 }) statusCode!: number;
  @ApiProperty({
    enum: [
      'NO_CUSTOMER_RELATIONSHIP',
      'NOT_OWNER_CUSTOMER',
      'MEMBER_NUMBER_UNKNOWN',
      'CONSENT_REQUIRED',
      'NO_ACTIVE_REGISTRATION',
      'OWNER_CUSTOMER_REGISTER_UNAVAILABLE',
      'AUTHENTICATION_UNAVAILABLE',
      'DEPENDENCY_UNAVAILABLE',
    ],
  })
  code!: string;
  @ApiProperty() message!: string;
}

/** 404 for an unknown path, 405, 413 and 415: what went wrong, in words. */
export class ErrorDto {
  @ApiProperty({ example: 415 }) statusCode!: number;
  @ApiProperty({ example: 'Unsupported Media Type' }) error!: string;
  @ApiProperty({ example: 'Content-Type text/plain is not supported; send application/json' }) message!: string;
}

export class UnauthorizedDto {
  @ApiProperty({ example: 401 }) statusCode!: number;
  @ApiProperty({ example: 'Unauthorized' }) message!: string;
}
