import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
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
});
