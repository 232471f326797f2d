import { DataSourceOptions } from 'typeorm';

export interface ServiceDatabaseOptions {
  url: string;
  /** Each service owns one schema; its tables and its migrations table live there. */
  schema: string;
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
  poolSize?: number;
  applicationName: string;
  /** Told when a pooled connection dies (database restarted, backend terminated). */
  onConnectionError?: (error: Error) => void;
}

interface PooledClient {
  on(event: 'error', listener: (error: Error) => void): unknown;
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
    // No TypeORM logging at all: its error log dumps each failed query (coloured) to the console,
    // e.g. every statement on a connection the database killed. Failures reach the caller, which
    // retries or logs them once through the service's own JSON logger.
    logging: false,
    applicationName: options.applicationName,
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      // Every client keeps an error listener for life: a connection killed between two statements
      // must fail the work that uses it (which is then retried), not crash the process with an
      // unhandled 'error' event. The failure itself reaches the caller through its next query.
      onConnect: (client: PooledClient) => {
        client.on('error', (error) => options.onConnectionError?.(error));
      },
    },
  };
}
