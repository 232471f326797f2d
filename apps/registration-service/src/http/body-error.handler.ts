import { badRequestBody, errorBody } from './error-body.factory';
import { HttpRequest, HttpResponse, Next } from './express-types';

export const BODY_LIMIT = '100kb';

/**
 * Turns body-parser refusals into the API's JSON errors: malformed JSON → 400 naming the body,
 * over 100 kB → 413, compressed or not UTF-8 → 415; Express would otherwise answer in HTML.
 */
export function bodyErrorHandler(error: unknown, _req: HttpRequest, res: HttpResponse, next: Next): void {
  const type = (error as { type?: unknown })?.type;
  const status = (error as { status?: unknown })?.status;
  if (type === 'entity.parse.failed') {
    res.status(400).json(badRequestBody([{ field: '(body)', rule: 'json', message: 'the body is not valid JSON' }]));
  } else if (type === 'entity.too.large') {
    res.status(413).json(errorBody(413, 'Payload Too Large', `the body exceeds ${BODY_LIMIT}`));
  } else if (type === 'encoding.unsupported') {
    res.status(415).json(errorBody(415, 'Unsupported Media Type', 'send the body uncompressed (no Content-Encoding)'));
  } else if (type === 'charset.unsupported') {
    res.status(415).json(errorBody(415, 'Unsupported Media Type', 'send application/json in UTF-8'));
  } else if (typeof status === 'number' && status < 500) {
    // An aborted upload or a body shorter than its Content-Length.
    res
      .status(400)
      .json(
        badRequestBody([{ field: '(body)', rule: 'readable', message: 'the request body could not be read in full' }]),
      );
  } else {
    next(error);
  }
}
