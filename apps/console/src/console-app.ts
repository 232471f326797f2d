import { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ConsoleModule } from './app.module';
import { ConsoleConfig } from './config/console.config';
import { NotFoundPageFilter } from './http/not-found.filter';
import { securityHeaders, sessionMiddleware } from './http/session.middleware';
import { Sessions } from './sessions/sessions';

/** Builds and starts the console: migrations (provider factory), then HTTP. Used by main.ts and the tests. */
export async function startConsoleApp(config: ConsoleConfig, logger: LoggerService): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ConsoleModule.forRoot(config), {
    logger,
    bodyParser: false,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  // Order matters: forms are parsed first, so the session middleware can check their CSRF token.
  app.use(securityHeaders);
  app.useBodyParser('urlencoded', { extended: false, limit: '64kb', parameterLimit: 1000 });
  app.use(sessionMiddleware(app.get(Sessions), config.sessions.secureCookie));
  app.useGlobalFilters(new NotFoundPageFilter());
  await app.listen(config.http.port, config.http.host);
  return app;
}
