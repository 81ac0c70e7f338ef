import { type NextRequest, NextResponse } from 'next/server';

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

export function middleware(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  for (const [from, to] of legacyPrefixes) {
    if (pathname === from || pathname.startsWith(`${from}/`)) {
      const target = request.nextUrl.clone();
      target.pathname = to + pathname.slice(from.length);
      return NextResponse.redirect(target, 308);
    }
  }
  // Pages that need sign-in learn their own address, to return to it after signing in.
  const forwarded = new Headers(request.headers);
  forwarded.set(PATHNAME_HEADER, pathname + search);
  return NextResponse.next({ request: { headers: forwarded } });
}

export const config = {
  matcher: [
    '/sessions',
    '/sessions/:path*',
    '/api/sessions',
    '/api/sessions/:path*',
    '/workspace',
    '/workspace/:path*',
    '/github/:path*',
    '/agents',
    '/agents/:path*',
  ],
};
