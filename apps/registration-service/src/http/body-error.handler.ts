import { HttpRequest, HttpResponse, Next } from './express-types';

export const BODY_LIMIT = '100kb';

/**
 * Turns body-parser refusals into the API's JSON errors: malformed JSON → 400 naming the body,
 * over 100 kB → 413, unsupported encoding → 415; Express would otherwise answer in HTML.
 */
export function bodyErrorHandler(error: unknown, _req: HttpRequest, res: HttpResponse, next: Next): void {
  const type = (error as { type?: unknown })?.type;
  if (type === 'entity.parse.failed') {
    const message = 'the body is not valid JSON';
    res.status(400).json({ statusCode: 400, error: 'Bad Request', message: [message], fields: [{ field: '(body)', rule: 'json', message }] });
  } else if (type === 'entity.too.large') {
    res.status(413).json({ statusCode: 413, error: 'Payload Too Large', message: `the body exceeds ${BODY_LIMIT}` });
  } else if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    res.status(415).json({ statusCode: 415, error: 'Unsupported Media Type', message: 'send application/json in UTF-8' });
  } else if (typeof (error as { status?: unknown })?.status === 'number' && (error as { status: number }).status < 500) {
    const status = (error as { status: number }).status;
    res.status(status).json({ statusCode: status, error: 'Bad Request', message: 'the request body could not be read' });
  } else {
    next(error);
  }
}
