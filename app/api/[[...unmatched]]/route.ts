import { AppError, errorResponse } from '@/lib/errors';

/** An API address no route answers: the API's JSON error, not the HTML "Page not found". */
function noSuchRoute(request: Request): Response {
  return errorResponse(new AppError('not_found', `There is no API at ${new URL(request.url).pathname}.`));
}

export const GET = noSuchRoute;
export const POST = noSuchRoute;
export const PUT = noSuchRoute;
export const PATCH = noSuchRoute;
export const DELETE = noSuchRoute;
