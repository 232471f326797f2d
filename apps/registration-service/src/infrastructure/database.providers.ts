import { Inject, Injectable, Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import { connectAndMigrate, serviceDataSourceOptions } from '@sa/persistence';
import { DataSource } from 'typeorm';
import { REGISTRATION_CONFIG, RegistrationConfig, SERVICE_NAME } from '../config/registration.config';
import { REGISTRATION_MIGRATIONS } from './migrations';

export const DATA_SOURCE = Symbol('DATA_SOURCE');

export function registrationDataSource(url: string, schema: string, poolSize: number): DataSource {
  return new DataSource(
    serviceDataSourceOptions({
      url,
      schema,
      entities: [],
      migrations: REGISTRATION_MIGRATIONS,
      poolSize,
      applicationName: SERVICE_NAME,
      onConnectionError: (error) =>
        new Logger('Database').warn({
          message: 'database connection lost; the request using it fails',
          error: error.message,
        }),
    }),
  );
}

/** Connects and migrates before anything else starts: the service never runs on an old schema. */
export const dataSourceProvider: Provider = {
  provide: DATA_SOURCE,
  inject: [REGISTRATION_CONFIG],
  useFactory: async (config: RegistrationConfig): Promise<DataSource> => {
    const dataSource = registrationDataSource(config.database.url, config.database.schema, config.database.poolSize);
    const applied = await connectAndMigrate(dataSource, config.database.schema);
    new Logger('Database').log({ message: 'schema up to date', applied });
    return dataSource;
  },
};

/** Closes the pool last, after the HTTP server, the consumer and the relay have stopped. */
@Injectable()
export class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
