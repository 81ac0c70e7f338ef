import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { NextRequest } from 'next/server';
import { describe, expect, it, vi } from 'vitest';
import { SERVER_ACTION_MAX_BYTES } from '@/lib/http';
import { config, middleware } from '@/middleware';
import { undecodableApiPaths, undecodablePagePath } from '../support/bad-addresses';

/** The middleware in front of every page, API route and server action, called as Next.js calls it. */
const request = (path: string, init: ConstructorParameters<typeof NextRequest>[1] = {}) =>
  middleware(new NextRequest(`http://app.test${path}`, { ...init, headers: { host: 'app.test', ...init.headers } }));

const passedOn = (response: Response) => response.headers.get('x-middleware-next') === '1';

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/json');
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
}

describe('addresses that name nothing', () => {
  it('answers 400 JSON for a NUL or malformed percent-encoding in any API segment, signed out too', async () => {
    for (const path of [...undecodableApiPaths, '/api/agents/%E0%A4%A']) {
      await expectError(await request(path), 400, 'bad_request');
    }
  });

  it('shows the app’s "Page not found" for such a page address', async () => {
    const response = await request(undecodablePagePath);
    expect(response.status).toBe(404);
    expect(new URL(response.headers.get('x-middleware-rewrite')!).pathname).toBe('/_not-found');
  });

  it('passes on well-formed addresses: encoded slashes, unicode, a literal percent sign', async () => {
    for (const path of ['/github/alice/sample-game/feature%2Flogin/code', '/api/github/alice/sample-game/branches', '/github/a/b/caf%C3%A9%2F100%25/code']) {
      expect(passedOn(await request(path)), path).toBe(true);
    }
  });

  it('passes on the Host as X-Forwarded-Host when no proxy is configured to set it', async () => {
    const response = await request('/agents', { headers: { 'x-forwarded-host': 'evil.example' } });
    expect(passedOn(response)).toBe(true);
    expect(response.headers.get('x-middleware-request-x-forwarded-host')).toBe('app.test');
  });

  it('still moves old session links to agents', async () => {
    const response = await request('/sessions/abc?x=1');
    expect(response.status).toBe(308);
    expect(response.headers.get('location')).toBe('http://app.test/agents/abc?x=1');
  });
});

/** A multipart body as a browser encodes it, with its boundary. */
async function multipart(form: FormData): Promise<{ body: ArrayBuffer; type: string }> {
  const encoded = new Request('http://app.test/', { method: 'POST', body: form });
  return { body: await encoded.arrayBuffer(), type: encoded.headers.get('content-type')! };
}

describe('server actions', () => {
  const page = '/github/alice/sample-game/main/code';
  const action = (body: BodyInit, headers: Record<string, string> = {}) =>
    request(page, { method: 'POST', body, headers: { 'next-action': '7f00', 'content-type': 'text/plain;charset=UTF-8', ...headers } });

  it('passes on what React sends: JSON text, or multipart form data', async () => {
    expect(passedOn(await action(JSON.stringify([{ owner: 'alice' }]), { origin: 'http://app.test' }))).toBe(true);
    const form = new FormData();
    form.set('0', '["$K1"]');
    form.set('1_file', new Blob([new Uint8Array([1, 2, 3])]), 'a.png');
    const { body, type } = await multipart(form);
    expect(passedOn(await action(body, { 'content-type': type }))).toBe(true);
  });

  it('answers 400 for an empty or garbage body instead of failing to parse it', async () => {
    for (const body of ['', 'garbage', '{"a":']) await expectError(await action(body), 400, 'bad_request');
    await expectError(await action('not multipart', { 'content-type': 'multipart/form-data; boundary=x' }), 400, 'bad_request');
  });

  it('answers 403 for another site’s action, whatever X-Forwarded-Host claims', async () => {
    await expectError(await action('[]', { origin: 'http://evil.example' }), 403, 'forbidden');
    await expectError(await action('[]', { origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' }), 403, 'forbidden');
    await expectError(await action('[]', { 'sec-fetch-site': 'cross-site' }), 403, 'forbidden');
  });

  it('refuses a form another site posts to a page (a server action without JavaScript)', async () => {
    const form = new FormData();
    form.set('$ACTION_ID_7f00', '');
    const { body, type } = await multipart(form);
    const posted = (headers: Record<string, string>) => request(page, { method: 'POST', body, headers: { 'content-type': type, ...headers } });
    await expectError(await posted({ origin: 'http://evil.example' }), 403, 'forbidden');
    await expectError(await posted({ 'sec-fetch-site': 'cross-site' }), 403, 'forbidden');
    expect(passedOn(await posted({ origin: 'http://app.test' }))).toBe(true);
  });

  it('believes X-Forwarded-Host behind a proxy the configuration names (TRUST_PROXY)', async () => {
    vi.stubEnv('TRUST_PROXY', '1');
    vi.resetModules();
    try {
      const { middleware: behindProxy } = await import('@/middleware');
      const proxied = new NextRequest(`http://10.0.0.5:3000${page}`, {
        method: 'POST',
        body: '[]',
        headers: { host: '10.0.0.5:3000', 'x-forwarded-host': 'webedt.example', origin: 'https://webedt.example', 'next-action': '7f00' },
      });
      const response = await behindProxy(proxied);
      expect(passedOn(response)).toBe(true);
      expect(response.headers.get('x-middleware-request-x-forwarded-host')).toBe('webedt.example');
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
    // The same request without the setting is another site's.
    await expectError(await action('[]', { host: '10.0.0.5:3000', 'x-forwarded-host': 'webedt.example', origin: 'https://webedt.example' }), 403, 'forbidden');
  });

  it('answers 413 for a body over the actions’ limit before Next.js cuts it short', async () => {
    const body = JSON.stringify(['x'.repeat(SERVER_ACTION_MAX_BYTES)]);
    await expectError(await action(body, { 'content-length': String(body.length) }), 413, 'payload_too_large');
  });
});

describe('where the middleware runs', () => {
  const runsOn = (path: string) => unstable_doesMiddlewareMatch({ config, url: path });

  it('runs on pages, server actions and API routes, not on Next.js’s static files', () => {
    for (const path of ['/', '/agents', '/github/alice/sample-game/main/code', '/api/agents', '/api/auth/signin', '/api/sessions/1', '/api/workspace/events/x']) {
      expect(runsOn(path), path).toBe(true);
    }
    for (const path of ['/_next/static/chunks/main.js', '/favicon.ico']) expect(runsOn(path), path).toBe(false);
  });

  it('skips the realtime routes called most of all, at their exact addresses only', () => {
    for (const path of ['/api/workspace/presence', '/api/workspace/events', '/api/workspace/events/stream', '/api/workspace/events/stream?owner=a&repo=b&branch=c']) {
      expect(runsOn(path), path).toBe(false);
    }
    for (const path of ['/api/workspace/presence%00', '/api/workspace/events%ZZ', '/api/workspace/events/stream/x', '/api/workspace/presencex']) {
      expect(runsOn(path), path).toBe(true);
    }
  });
});
