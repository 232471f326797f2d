import { Inject, Injectable, Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import { connectAndMigrate, serviceDataSourceOptions } from '@sa/persistence';
import { DataSource } from 'typeorm';
import { CONSOLE_CONFIG, ConsoleConfig, SERVICE_NAME } from '../config/console.config';
import { CONSOLE_MIGRATIONS } from './migrations';

export const DATA_SOURCE = Symbol('DATA_SOURCE');

/** Connects and migrates before anything else starts: the console never runs on an old schema. */
export const dataSourceProvider: Provider = {
  provide: DATA_SOURCE,
  inject: [CONSOLE_CONFIG],
  useFactory: async (config: ConsoleConfig): Promise<DataSource> => {
    const dataSource = new DataSource(
      serviceDataSourceOptions({
        url: config.database.url,
        schema: config.database.schema,
        entities: [],
        migrations: CONSOLE_MIGRATIONS,
        poolSize: config.database.poolSize,
        applicationName: SERVICE_NAME,
        onConnectionError: (error) =>
          new Logger('Database').warn({ message: 'database connection lost', error: error.message }),
      }),
    );
    const applied = await connectAndMigrate(dataSource, config.database.schema);
    new Logger('Database').log({ message: 'schema up to date', applied });
    return dataSource;
  },
};

/** Closes the pool last, after the HTTP server has stopped. */
@Injectable()
export class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
