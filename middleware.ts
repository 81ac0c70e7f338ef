import { type NextRequest, NextResponse } from 'next/server';

/**
 * Old "session" links keep working: pages and API calls move to their agent equivalents with a
 * permanent redirect that keeps the method (308) and the query string.
 */
const legacyPrefixes: Array<[from: string, to: string]> = [
  ['/api/sessions', '/api/agents'],
  ['/sessions', '/agents'],
];

export function middleware(request: NextRequest): NextResponse | undefined {
  const { pathname } = request.nextUrl;
  for (const [from, to] of legacyPrefixes) {
    if (pathname === from || pathname.startsWith(`${from}/`)) {
      const target = request.nextUrl.clone();
      target.pathname = to + pathname.slice(from.length);
      return NextResponse.redirect(target, 308);
    }
  }
  return undefined;
}

export const config = {
  matcher: ['/sessions', '/sessions/:path*', '/api/sessions', '/api/sessions/:path*'],
};
