import { expect, type Page, test } from '@playwright/test';
import { AppShell } from './pages/app-shell';
import { CodeEditorPage } from './pages/code-editor';
import { ImagesPage } from './pages/images';
import { SignInFlow } from './pages/sign-in';

/** Requests for the site's icons that failed or were answered with an error, as "status url". */
function iconFailures(page: Page): string[] {
  const failures: string[] = [];
  const isIcon = (url: string) => /\/(favicon\.ico|icon\.svg)(\?|$)/.test(new URL(url).pathname + new URL(url).search);
  page.on('requestfailed', (request) => {
    // A request the browser itself gave up on because the test moved to the next page is no 404.
    if (isIcon(request.url()) && request.failure()?.errorText !== 'net::ERR_ABORTED') failures.push(`failed ${request.url()}: ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    if (isIcon(response.url()) && response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
  });
  return failures;
}

test('a signed-out visitor at / learns what WebEDT does and signs in with GitHub from there', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Work on your GitHub repositories from the browser' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Agents that work while you do something else' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'A live workspace on any branch' })).toBeVisible();
  for (const picture of [page.getByRole('img', { name: /^An agent at work/ }), page.getByRole('img', { name: /^The code workspace/ })]) {
    await picture.scrollIntoViewIfNeeded();
    await expect(picture).toBeVisible();
    expect(await picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  }

  // The button is a form POST (next-auth's sign-in), not a link.
  const signIn = page.getByRole('main').getByRole('button', { name: 'Sign in with GitHub' });
  const posted = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === '/');
  await signIn.click();
  await posted;
  await expect(page).toHaveURL(/\/login\/oauth\/authorize/);
  await page.getByRole('button', { name: /\balice\b/ }).click();
  await expect(page).toHaveURL(/\/agents$/);

  // Signed in, / keeps showing the user's agents.
  await page.goto('/');
  await expect(page).toHaveURL(/\/agents$/);
  await expect(page.getByRole('heading', { level: 1, name: 'My Agents' })).toBeVisible();
});

test('every page has the logo and a favicon, and no icon request fails', async ({ page }) => {
  const failures = iconFailures(page);
  await page.goto('/');
  const shell = new AppShell(page);
  await expect(shell.banner.getByRole('link', { name: 'WebEDT', exact: true }).locator('svg')).toBeVisible();
  const icons = await page.locator('link[rel="icon"]').evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
  expect(icons.length).toBeGreaterThan(0);
  for (const href of icons) expect((await page.request.get(href)).status(), href).toBe(200);
  expect((await page.request.get('/favicon.ico')).headers()['content-type']).toMatch(/image/);

  await page.goto('/signin');
  await page.goto('/no-such-page');
  await new SignInFlow(page).signIn('alice');
  await new CodeEditorPage(page).open('alice', 'sample-game', 'main');
  // Icons load after the page; give the browser a moment to ask for them.
  await page.waitForLoadState('load');
  expect(failures).toEqual([]);
});

test('icon-only controls are named, and their icons are hidden from screen readers', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const shell = new AppShell(page);
  for (const name of ['Agents', 'Workspace'] as const) {
    await expect(shell.navLink(name)).toHaveText(name);
    await expect(shell.navLink(name).locator('svg')).toHaveAttribute('aria-hidden', 'true');
  }

  const code = new CodeEditorPage(page);
  await code.open('alice', 'sample-game', 'main');
  await code.openFile('README.md');
  // The tab strip holds only tabs: its close buttons are for the mouse, Delete on a tab closes it.
  const tab = code.tab('README.md');
  await expect(tab.locator('xpath=following-sibling::button').locator('svg')).toBeVisible();
  await tab.focus();
  await page.keyboard.press('Delete');
  await expect(tab).toBeHidden();

  const images = new ImagesPage(page);
  await images.open('alice', 'sample-game', 'main');
  await images.openImage('assets/images/player.png');
  const tools = page.getByRole('group', { name: 'Drawing tools' });
  for (const name of ['Brush', 'Eraser', 'Fill', 'Line', 'Rectangle', 'Ellipse', 'Colour picker', 'Crop']) {
    const tool = tools.getByRole('button', { name, exact: true });
    await expect(tool.locator('svg')).toHaveAttribute('aria-hidden', 'true');
    await expect(tool).toHaveText('');
  }
});
