import { Controller, Get, Res } from '@nestjs/common';
import { ConsoleResponse } from '../http/http-types';
import { CONSOLE_CSS, CONSOLE_JS } from './console-assets';

/** The console's own CSS and JS, served by itself (no CDN). */
@Controller('assets')
export class AssetsController {
  @Get('console.css')
  css(@Res() res: ConsoleResponse): void {
    res.setHeader('Cache-Control', 'no-cache');
    res.status(200).type('text/css; charset=utf-8').send(CONSOLE_CSS);
  }

  @Get('console.js')
  js(@Res() res: ConsoleResponse): void {
    res.setHeader('Cache-Control', 'no-cache');
    res.status(200).type('text/javascript; charset=utf-8').send(CONSOLE_JS);
  }
}
