import { expect, test } from '@playwright/test';
import { AppShell } from './pages/app-shell';

test('the shell renders with its sidebar and top bar, and navigation works', async ({ page }) => {
  await page.goto('/agents');
  const shell = new AppShell(page);
  await expect(shell.banner.getByRole('link', { name: 'WebEDT' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'My Agents' })).toBeVisible();
  await shell.expectCurrent('Agents');

  // The workspace needs a GitHub account: a signed-out visitor is asked to sign in and brought back afterwards.
  await shell.navLink('Workspace').click();
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fworkspace$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to WebEDT' })).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(/\/agents$/);
  await shell.expectCurrent('Agents');
});

test('an old session link lands on the agent', async ({ page }) => {
  await page.goto('/sessions/abc');
  await expect(page).toHaveURL(/\/agents\/abc$/);
  await expect(page.getByText('Agent ID: abc')).toBeVisible();
});

test('old session API calls are redirected with method and query kept', async ({ request }) => {
  const response = await request.post('/api/sessions/abc/messages?since=5', { maxRedirects: 0, data: {} });
  expect(response.status()).toBe(308);
  expect(response.headers().location).toMatch(/\/api\/agents\/abc\/messages\?since=5$/);
  const list = await request.get('/sessions', { maxRedirects: 0 });
  expect(list.status()).toBe(308);
  expect(list.headers().location).toMatch(/\/agents$/);
});

test('an unknown page says it is not there', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
