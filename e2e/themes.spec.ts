import { expect, type Page, test } from '@playwright/test';
import { CodeEditorPage } from './pages/code-editor';
import { CommandPaletteFlow } from './pages/command-palette';
import { ImagesPage } from './pages/images';
import { LiveChatPage } from './pages/live-chat';
import { ScenesPage } from './pages/scenes';
import { SignInFlow } from './pages/sign-in';
import { SoundsPage } from './pages/sounds';
import { newBranchViaApp } from './support/github';
import { unreadableText } from './support/readability';

const owner = 'alice';
const repo = 'sample-game';
const html = (page: Page) => page.locator('html');

test('the theme follows the system in a fresh browser', async ({ browser }) => {
  for (const colorScheme of ['dark', 'light'] as const) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto('/signin');
    if (colorScheme === 'dark') await expect(html(page)).toHaveClass(/\bdark\b/);
    else await expect(html(page)).not.toHaveClass(/\bdark\b/);
    await expect(page.getByRole('button', { name: colorScheme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme' })).toBeVisible();
    await context.close();
  }
});

test('switch to dark in the user menu: remembered after a reload, the code editor is dark too; the palette switches back', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await new SignInFlow(page).signIn('alice');
  const code = new CodeEditorPage(page);
  await code.open(owner, repo, 'main');
  await code.openFile('src/main.ts');
  const editor = page.locator('.cm-editor');
  await expect(editor).toHaveCSS('background-color', 'rgb(255, 255, 255)');

  await page.getByRole('banner').getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(html(page)).toHaveClass(/\bdark\b/);
  await expect(editor).toHaveCSS('background-color', 'rgb(30, 34, 42)');

  await page.reload();
  await expect(html(page)).toHaveClass(/\bdark\b/);
  await expect(page.getByRole('banner').getByRole('button', { name: 'Switch to light theme' })).toBeVisible();

  const palette = new CommandPaletteFlow(page);
  await palette.open();
  await palette.choose('light theme', 'Switch to light theme');
  await expect(html(page)).not.toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(html(page)).not.toHaveClass(/\bdark\b/);
});

test('in the dark theme no text is unreadable on the main surfaces', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await new SignInFlow(page).signIn('alice');
  await expect(html(page)).toHaveClass(/\bdark\b/);
  const branch = await newBranchViaApp(page, 'themes');

  const check = async (what: string) => expect.soft(await unreadableText(page), what).toEqual([]);
  await page.goto('/agents?new=1');
  await expect(page.getByRole('form', { name: 'New agent' })).toBeVisible();
  await check('agents');
  await page.goto('/workspace');
  await expect(page.getByRole('list', { name: 'Repositories' })).toBeVisible();
  await check('workspace picker');

  const code = new CodeEditorPage(page);
  await code.open(owner, repo, branch);
  await code.openFile('src/main.ts');
  await code.appendLine('src/main.ts', '// dark');
  await check('code editor');
  await code.showChanges();
  await code.stagedList.getByRole('button', { name: 'src/main.ts, modified' }).click();
  await expect(page.getByTestId('diff-view')).toBeVisible();
  await check('staged diff');
  await code.sidebarTab(/^Search$/).click();
  await page.getByRole('searchbox', { name: 'Search text' }).fill('GRAVITY');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Search results' }).getByRole('listitem').first()).toBeVisible();
  await check('search results');

  const images = new ImagesPage(page);
  await images.open(owner, repo, branch);
  await images.openImage('assets/images/logo.svg');
  await check('images');
  await new SoundsPage(page).open(owner, repo, branch);
  await check('sounds');
  const scenes = new ScenesPage(page);
  await scenes.open(owner, repo, branch);
  await scenes.openScene('scenes/level1.scene.json');
  await check('scenes');
  await new LiveChatPage(page).open(owner, repo, branch);
  await check('live chat');
  await new CommandPaletteFlow(page).open();
  await check('command palette');
});
