import { DataSourceOptions } from 'typeorm';

export interface ServiceDatabaseOptions {
  url: string;
  /** Each service owns one schema; its tables and its migrations table live there. */
  schema: string;
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
  poolSize?: number;
  applicationName: string;
}

export function serviceDataSourceOptions(options: ServiceDatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    // Schema changes only ever go through migrations.
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    applicationName: options.applicationName,
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 5000 },
  };
}
