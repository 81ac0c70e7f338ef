import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { undecodableApiPaths, undecodablePagePath } from '../tests/support/bad-addresses';
import { SignInFlow } from './pages/sign-in';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

test('no secret, token or server configuration reaches the browser bundles', async () => {
  const authSecret = (await readFile('.data/e2e/auth-secret', 'utf8')).trim();
  const forbidden = [
    authSecret,
    'webedt-local-secret',
    'GITHUB_CLIENT_SECRET',
    'TOKEN_ENCRYPTION_KEY',
    'DATABASE_URL',
    'postgres://',
    'PRIVATE KEY-----',
    'access_token_enc',
  ];
  const files = (await filesUnder('.next/static')).filter((file) => /\.(js|css|html|json)$/.test(file));
  expect(files.length).toBeGreaterThan(10);
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const secret of forbidden) expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
    expect(/\bgh[uorsp]_[A-Za-z0-9]{20,}/.test(text), `a GitHub token in ${file}`).toBe(false);
  }
});

test('mutations from another origin are refused before anything happens', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const forged = { headers: { origin: 'http://evil.example' } };
  const branch = await page.request.post('/api/github/branches', {
    ...forged,
    data: { owner: 'alice', repo: 'sample-game', baseBranch: 'main', newBranch: `forged-${Date.now()}` },
  });
  expect(branch.status()).toBe(403);
  expect(await branch.json()).toEqual({ error: { code: 'forbidden', message: 'The request origin is not allowed.' } });
  const agent = await page.request.post('/api/agents', {
    ...forged,
    data: { owner: 'alice', repo: 'sample-game', baseBranch: 'main', taskRequest: 'forged' },
  });
  expect(agent.status()).toBe(403);
  const list = (await (await page.request.get('/api/agents')).json()) as { agents: { taskRequest: string }[] };
  expect(list.agents.some((a) => a.taskRequest === 'forged')).toBe(false);
});

test('addresses that cannot be decoded get a 400 from the API and the app’s Page not found, signed out too', async ({ page, request }) => {
  for (const path of undecodableApiPaths) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(400);
    expect((await response.json()) as unknown, path).toMatchObject({ error: { code: 'bad_request' } });
  }
  const unknown = await request.post('/api/no/such/route', { data: {} });
  expect(unknown.status()).toBe(404);
  expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: 'There is no API at /api/no/such/route.' } });

  const badBranch = await page.goto(undecodablePagePath);
  expect(badBranch?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to your agents' }).click();
  await expect(page).toHaveURL(/\/agents$/);
});

test('server actions that are forged, oversized or garbled are refused with a 4xx before Next.js runs them', async ({ request, baseURL }) => {
  type Manifest = { node: Record<string, { exportedName?: string; workers: Record<string, unknown> }> };
  const manifest = JSON.parse(await readFile('.next/server/server-reference-manifest.json', 'utf8')) as Manifest;
  const commitAction = Object.entries(manifest.node).find(
    ([, action]) => action.exportedName === 'commit' && Object.keys(action.workers).some((worker) => worker.endsWith('[branch]/code/page')),
  )?.[0];
  expect(commitAction).toBeTruthy();
  const page = '/github/alice/sample-game/main/code';
  const action = (data: string | Buffer, headers: Record<string, string> = {}) =>
    request.post(page, { data, headers: { 'next-action': commitAction!, 'content-type': 'text/plain;charset=UTF-8', origin: baseURL!, ...headers } });
  const expectRefused = async (response: Awaited<ReturnType<typeof action>>, status: number, code: string) => {
    expect(response.status()).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  };
  await expectRefused(await action(''), 400, 'bad_request');
  await expectRefused(await action('garbage'), 400, 'bad_request');
  await expectRefused(await action('[]', { origin: 'http://evil.example' }), 403, 'forbidden');
  await expectRefused(await action('[]', { origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' }), 403, 'forbidden');
  await expectRefused(await action('[]', { origin: '', 'sec-fetch-site': 'cross-site' }), 403, 'forbidden');
  await expectRefused(await action(Buffer.alloc(12 * 1024 * 1024, 'a')), 413, 'payload_too_large');
  // The same action as a form another site posts without JavaScript.
  const form = await request.post(page, { multipart: { [`$ACTION_ID_${commitAction}`]: '' }, headers: { origin: 'http://evil.example' } });
  await expectRefused(form, 403, 'forbidden');
});

test('sign-in with a callbackUrl that is not a path here is a 400, not a server error', async ({ request }) => {
  for (const callbackUrl of ['\\\\evil.example', '/\\evil.example', '//evil.example']) {
    const response = await request.get(`/api/auth/signin/github?${new URLSearchParams({ callbackUrl })}`, { maxRedirects: 0 });
    expect(response.status(), callbackUrl).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('bad_request');
  }
});
