import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as unmatched from '@/app/api/[[...unmatched]]/route';
import * as nextAuth from '@/app/api/auth/[...nextauth]/route';

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  return body.error.message;
}

describe('an API address no route answers', () => {
  it('is a JSON 404 for every method', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const message = await expectError(unmatched[method](new Request('http://app.test/api/no/such/thing', { method })), 404, 'not_found');
      expect(message).toBe('There is no API at /api/no/such/thing.');
    }
  });
});

describe('next-auth’s routes', () => {
  beforeAll(() => {
    vi.stubEnv('AUTH_SECRET', 'a-test-secret-of-at-least-thirty-two-characters');
  });

  it('refuse a callbackUrl that is not a path on this site (query or sign-in form) with a 400, not a 500', async () => {
    for (const callbackUrl of ['\\\\evil.example', '//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)']) {
      const query = new URLSearchParams({ callbackUrl });
      await expectError(await nextAuth.GET(new NextRequest(`http://app.test/api/auth/signin/github?${query}`)), 400, 'bad_request');
      const form = new NextRequest('http://app.test/api/auth/signin/github', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: query.toString(),
      });
      await expectError(await nextAuth.POST(form), 400, 'bad_request');
    }
  });

  it('clear a return-address cookie next-auth could not read, with a 400 instead of its 500', async () => {
    const session = (cookie: string) => nextAuth.GET(new NextRequest('http://app.test/api/auth/session', { headers: { cookie } }));
    for (const name of ['authjs.callback-url', '__Secure-authjs.callback-url']) {
      const response = await session(`${name}=${encodeURIComponent('\\\\evil.example')}`);
      expect(response.headers.get('set-cookie')).toMatch(new RegExp(`^${name.replace('.', '\\.')}=; Path=/; Max-Age=0`));
      await expectError(response, 400, 'bad_request');
    }
    // The cookie next-auth itself sets (an absolute URL of the app, or a path) goes through to it.
    for (const value of ['http://app.test/agents', '/agents']) {
      const response = await session(`authjs.callback-url=${encodeURIComponent(value)}`);
      expect([response.status, await response.json()], value).toEqual([200, null]);
    }
  });
});
