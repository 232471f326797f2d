import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { BaseServiceEnv } from '@sa/platform';

/** The registration service's environment, validated before Nest starts. */
export class RegistrationEnv extends BaseServiceEnv {
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, {
    message: 'SGROUP_REGISTRY_URL must be an http(s) URL, e.g. http://127.0.0.1:4010',
  })
  SGROUP_REGISTRY_URL!: string;

  @IsInt()
  @Min(50)
  @Max(30_000)
  SGROUP_REGISTRY_TIMEOUT_MS: number = 2000;

  /** Further attempts after the first one; bounded so an agent never waits long. */
  @IsInt()
  @Min(0)
  @Max(5)
  SGROUP_REGISTRY_RETRIES: number = 2;

  @IsInt()
  @Min(0)
  @Max(5000)
  SGROUP_REGISTRY_RETRY_DELAY_MS: number = 100;

  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'KAFKA_GROUP_ID must be 1-100 of A-Z a-z 0-9 . _ -' })
  KAFKA_GROUP_ID: string = 'registration-service';

  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'KAFKA_CLIENT_ID must be 1-100 of A-Z a-z 0-9 . _ -' })
  KAFKA_CLIENT_ID: string = 'registration-service';

  @IsInt()
  @Min(1)
  @Max(100)
  TOPIC_PARTITIONS: number = 3;

  @IsInt()
  @Min(1)
  @Max(10_000)
  CONSUMER_MAX_BATCH_SIZE: number = 500;

  // migrateWithLock holds one connection for its lock while the migrations use another.
  @IsInt()
  @Min(2)
  @Max(200)
  DATABASE_POOL_SIZE: number = 20;

  // A string, not a boolean: implicit conversion would turn "false" into true.
  @IsIn(['true', 'false'], { message: 'OUTBOX_RELAY_ENABLED must be true or false' })
  OUTBOX_RELAY_ENABLED: string = 'true';
}

/** The issue-api-key CLI needs only the database. */
export class RegistrationCliEnv {
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;
}
