import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth/next-auth';

/**
 * Sign-in (a server action) builds the OAuth redirect_uri from the Host header, but a NextRequest's
 * URL says `localhost` where the browser said `127.0.0.1` (Next.js normalises loopback hosts). GitHub
 * requires the callback to send the same redirect_uri, so the callback gets a plain Request at the
 * host the browser used. With AUTH_URL set, next-auth uses that for both and nothing is changed.
 */
function atBrowserHost(handler: (request: NextRequest) => Promise<Response>) {
  return (request: NextRequest) => {
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
    const url = new URL(request.url);
    if (process.env.AUTH_URL || process.env.NEXTAUTH_URL || !host || url.host === host) return handler(request);
    url.host = host;
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const atHost = new Request(url, {
      method: request.method,
      headers: request.headers,
      body: hasBody ? request.body : undefined,
      ...(hasBody ? { duplex: 'half' } : {}),
    });
    // next-auth reads only `url`, headers and body of the request when AUTH_URL is unset.
    return handler(atHost as NextRequest);
  };
}

export const GET = atBrowserHost(handlers.GET);
export const POST = atBrowserHost(handlers.POST);
