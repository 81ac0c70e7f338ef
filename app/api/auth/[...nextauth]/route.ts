import type { NextRequest } from 'next/server';
import { isSameSitePath } from '@/lib/auth/callback-path';
import { handlers } from '@/lib/auth/next-auth';
import { env } from '@/lib/env';
import { AppError, errorResponse } from '@/lib/errors';
import { otherMethods, requestHost } from '@/lib/http';

/**
 * Sign-in (a server action) builds the OAuth redirect_uri from the Host header, but a NextRequest's
 * URL says `localhost` where the browser said `127.0.0.1` (Next.js normalises loopback hosts). GitHub
 * requires the callback to send the same redirect_uri, so the callback gets a plain Request at the
 * host the browser used. With AUTH_URL set, next-auth uses that for both and nothing is changed.
 */
function atBrowserHost(handler: (request: NextRequest) => Promise<Response>) {
  return (request: NextRequest) => {
    const host = requestHost(request.headers, env().TRUST_PROXY);
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

/** The `callbackUrl` next-auth would follow: the query's, or a sign-in form's. */
async function callbackUrlOf(request: NextRequest): Promise<string | null> {
  const fromQuery = new URL(request.url).searchParams.get('callbackUrl');
  if (fromQuery !== null || request.method !== 'POST') return fromQuery;
  if (!request.headers.get('content-type')?.startsWith('application/x-www-form-urlencoded')) return null;
  return new URLSearchParams(await request.clone().text()).get('callbackUrl');
}

/** The cookie in which next-auth keeps where to return after sign-in (`__Secure-` on HTTPS). */
const CALLBACK_COOKIE = /^(__Secure-)?authjs\.callback-url$/;

/** Whether next-auth can read `value` as an http(s) URL (a path, or absolute); it fails with a 500 "Configuration" error otherwise. */
function readableAsUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith('/') ? 'http://base.invalid' : undefined).protocol);
  } catch {
    return false;
  }
}

/**
 * next-auth answers a `callbackUrl` it cannot parse as a URL (`\\evil.example`) with a 500
 * "Configuration" error; WebEDT only ever sends paths, so anything else is the caller's mistake. A
 * return-address cookie next-auth could not read is cleared, with the same 400.
 */
function pathCallbacksOnly(handler: (request: NextRequest) => Promise<Response>) {
  return async (request: NextRequest) => {
    const callbackUrl = await callbackUrlOf(request);
    if (callbackUrl !== null && !isSameSitePath(callbackUrl)) {
      return errorResponse(new AppError('bad_request', 'callbackUrl must be a path on this site, such as /agents.'));
    }
    const unreadable = request.cookies.getAll().find(({ name, value }) => CALLBACK_COOKIE.test(name) && !readableAsUrl(value));
    if (unreadable) {
      const cleared = { 'set-cookie': `${unreadable.name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax` };
      return errorResponse(new AppError('bad_request', 'The sign-in return address was not valid and has been cleared: try again.', cleared));
    }
    return handler(request);
  };
}

/**
 * next-auth refuses what it cannot take (an unknown action such as /api/auth/nope, a session update
 * that is not JSON) with a bare `"Bad request."` or `null`: said in the API's error shape instead.
 */
function apiRefusals(handler: (request: NextRequest) => Promise<Response>) {
  return async (request: NextRequest) => {
    const response = await handler(request);
    if (response.status !== 400) return response;
    await response.body?.cancel();
    const action = new URL(request.url).pathname.slice(0, 100);
    return errorResponse(new AppError('bad_request', `Sign-in cannot take this request (${request.method} ${action}).`));
  };
}

export const GET = pathCallbacksOnly(apiRefusals(atBrowserHost(handlers.GET)));
export const POST = pathCallbacksOnly(apiRefusals(atBrowserHost(handlers.POST)));

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET', 'POST');
