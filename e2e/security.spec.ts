import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
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
