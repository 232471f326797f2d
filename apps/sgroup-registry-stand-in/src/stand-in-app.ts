import { INestApplication, LoggerService, Module, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthController, READINESS_CHECKS } from '@sa/platform';
import { BehaviourController } from './admin/behaviour.controller';
import { StandInConfig } from './config/stand-in.config';
import { MemberDirectory } from './members/member-directory';
import { OwnerCustomersController } from './members/owner-customers.controller';

export interface StandInApp {
  app: INestApplication;
  directory: MemberDirectory;
  /** Base URL to give the registration service as SGROUP_REGISTRY_URL. */
  url: string;
}

/** Starts the stand-in of S-Group's owner-customer register (port 0 picks a free one). */
export async function startStandInApp(config: StandInConfig, logger: LoggerService): Promise<StandInApp> {
  const directory = config.seedFile ? MemberDirectory.fromSeedFile(config.seedFile) : new MemberDirectory();

  @Module({
    controllers: [HealthController, OwnerCustomersController, BehaviourController],
    providers: [
      { provide: MemberDirectory, useValue: directory },
      // Nothing to depend on: ready as soon as it serves HTTP.
      { provide: READINESS_CHECKS, useValue: [] },
    ],
  })
  class StandInModule {}

  const app = await NestFactory.create(StandInModule, { logger, abortOnError: false });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }));
  await app.listen(config.http.port, config.http.host);
  const address = app.getHttpServer().address() as { port: number };
  logger.log(
    { message: `S-Group register stand-in with ${directory.size} members on port ${address.port}` },
    'StandIn',
  );
  return { app, directory, url: `http://${config.http.host}:${address.port}` };
}
