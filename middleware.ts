import { type NextRequest, NextResponse } from 'next/server';
import { env } from '@/lib/env';
import { AppError, errorResponse } from '@/lib/errors';
import { checkOrigin, SERVER_ACTION_MAX_BYTES } from '@/lib/http';

/**
 * Old "session" links keep working: pages and API calls move to their agent equivalents with a
 * permanent redirect that keeps the method (308) and the query string.
 */
const legacyPrefixes: Array<[from: string, to: string]> = [
  ['/api/sessions', '/api/agents'],
  ['/sessions', '/agents'],
];

/** Must equal PATHNAME_HEADER in lib/auth/page.ts (that module is server-only, so it is not imported here). */
const PATHNAME_HEADER = 'x-webedt-pathname';

/**
 * Why a path cannot name anything here: a segment that is not valid percent-encoded UTF-8 (which
 * Next.js would fail to decode into a route parameter) or that holds a NUL; null when it is fine.
 */
function pathProblem(pathname: string): string | null {
  for (const segment of pathname.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return `The address is not valid: "${segment.slice(0, 40)}" is not percent-encoded UTF-8.`;
    }
    if (decoded.includes('\u0000')) return 'The address is not valid: it contains a NUL character.';
  }
  return null;
}

/**
 * What Next.js would answer with a 500 for a server action, refused here with the status it
 * deserves. A POST to a page is one: from React (a `Next-Action` header, the arguments as JSON text
 * or multipart form data) or from a form without JavaScript (multipart). Refused: another site's
 * request, a body over the actions' size limit (Next.js would see it cut short), or a body that is
 * not what a browser sends.
 */
async function checkServerAction(request: NextRequest): Promise<void> {
  checkOrigin(request, env().TRUST_PROXY);
  if (Number(request.headers.get('content-length') ?? 0) > SERVER_ACTION_MAX_BYTES) {
    throw new AppError('payload_too_large', `The request body is larger than ${SERVER_ACTION_MAX_BYTES / 1024 / 1024} MB.`);
  }
  const type = request.headers.get('content-type') ?? '';
  const body = request.clone();
  try {
    if (type.startsWith('multipart/form-data')) await body.formData();
    else if (request.headers.has('next-action')) JSON.parse(await body.text());
  } catch {
    throw new AppError('bad_request', 'The server action request is malformed.');
  }
}

export async function middleware(request: NextRequest): Promise<NextResponse | Response> {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname === '/api' || pathname.startsWith('/api/');
  const problem = pathProblem(pathname);
  if (problem) {
    if (isApi) return errorResponse(new AppError('bad_request', problem));
    // A page: the app's own "Page not found", as for any address that names nothing.
    return NextResponse.rewrite(new URL('/_not-found', request.url), { status: 404 });
  }
  for (const [from, to] of legacyPrefixes) {
    if (pathname === from || pathname.startsWith(`${from}/`)) {
      const target = request.nextUrl.clone();
      target.pathname = to + pathname.slice(from.length);
      return NextResponse.redirect(target, 308);
    }
  }
  if (request.method === 'POST' && !isApi) {
    try {
      await checkServerAction(request);
    } catch (error) {
      return errorResponse(error);
    }
  }
  // Pages that need sign-in learn their own address, to return to it after signing in.
  const forwarded = new Headers(request.headers);
  forwarded.set(PATHNAME_HEADER, pathname + search);
  // Without a proxy that sets it, X-Forwarded-Host is whatever the client said: what comes after
  // (Next.js's own server action check, next-auth's URLs) sees the Host the request was sent to.
  const host = request.headers.get('host');
  if (!env().TRUST_PROXY && host) forwarded.set('x-forwarded-host', host);
  return NextResponse.next({ request: { headers: forwarded } });
}

export const config = {
  // Every address but Next.js's own static files (any page can receive a server action) and the realtime
  // routes: exact addresses, so no path problem or legacy redirect can concern them, called most of all.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/workspace/presence$|api/workspace/events(?:/stream)?$).*)'],
};
