import { expect, test } from '@playwright/test';
import { SignInFlow } from './pages/sign-in';

test('a user signs in through GitHub, sees their name and avatar, and signs out', async ({ page }) => {
  const flow = new SignInFlow(page);
  await page.goto('/agents');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();

  await flow.signIn('alice');
  const banner = page.getByRole('banner');
  await expect(banner.getByTestId('user-name')).toHaveText('Alice Anderson');
  await expect(banner.getByText('@alice')).toBeVisible();
  const avatar = banner.locator('img');
  await expect(avatar).toBeVisible();
  expect(await avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  await page.reload();
  await expect(banner.getByTestId('user-name')).toHaveText('Alice Anderson');

  await flow.signOut();
  await expect(page.getByRole('button', { name: 'Sign in with GitHub' })).toBeVisible();
  await page.goto('/agents');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test('a second user signs in in another browser context, independently', async ({ page, browser }) => {
  await new SignInFlow(page).signIn('alice');
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await new SignInFlow(otherPage).signIn('bob');
  await expect(otherPage.getByRole('banner').getByText('@bob')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('banner').getByText('@alice')).toBeVisible();
  await other.close();
});
