import { expect, test } from '@playwright/test';
import { secondInstanceURL } from '../playwright.config';
import { AgentsPage } from './pages/agents';
import { CodeEditorPage } from './pages/code-editor';
import { CollabBar } from './pages/collab';
import { SignInFlow } from './pages/sign-in';
import { workspaceUrl } from './pages/workspace';
import { WorkspaceShell } from './pages/workspace-shell';
import { newBranchFromMain } from './support/github';

/** The workspace as an IDE (issue 16, items 8, 9, 11 and 14), used the way a person uses VS Code or github.dev. */
const owner = 'alice';
const repo = 'sample-game';

test('the navigation collapses on workspace pages, stays collapsed after a reload, and gives the editor the width', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const { branch } = await newBranchFromMain(page, owner, repo, 'shell/nav');
  const code = new CodeEditorPage(page);
  const shell = new WorkspaceShell(page);
  await code.open(owner, repo, branch);
  const editor = page.getByRole('region', { name: 'Editor' });
  const fullWidth = await shell.widthOf(shell.sidebar);
  const editorWidth = await shell.widthOf(editor);

  await shell.navToggle('Collapse navigation').click();
  await expect(shell.navToggle('Expand navigation')).toHaveAttribute('aria-expanded', 'false');
  await expect.poll(() => shell.widthOf(shell.sidebar)).toBeLessThan(64);
  await expect.poll(() => shell.widthOf(editor)).toBeGreaterThan(editorWidth + 50);
  // The links stay, as icons with their names.
  await expect(shell.sidebar.getByRole('link', { name: 'Agents' })).toBeVisible();

  await page.reload();
  await expect(code.tree).toBeVisible();
  await expect(shell.navToggle('Expand navigation')).toBeVisible();
  expect(await shell.widthOf(shell.sidebar)).toBeLessThan(64);

  // Pages that are not a workspace keep the whole navigation.
  await shell.sidebar.getByRole('link', { name: 'Agents' }).click();
  await expect(page).toHaveURL(/\/agents$/);
  await expect.poll(() => shell.widthOf(shell.sidebar)).toBe(fullWidth);
  await expect(shell.sidebar.getByRole('button')).toHaveCount(0);

  await page.goBack();
  await expect(shell.navToggle('Expand navigation')).toBeVisible();
  await shell.navToggle('Expand navigation').click();
  await expect.poll(() => shell.widthOf(shell.sidebar)).toBe(fullWidth);
  await page.reload();
  await expect(shell.navToggle('Collapse navigation')).toHaveAttribute('aria-expanded', 'true');
});

test('panes resize by dragging or with the keyboard and keep their sizes per branch after a reload', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const { branch } = await newBranchFromMain(page, owner, repo, 'shell/panes');
  const code = new CodeEditorPage(page);
  const shell = new WorkspaceShell(page);
  await code.open(owner, repo, branch);
  const defaultWidth = await shell.widthOf(code.sidebar);

  const treeHandle = shell.handle('Resize the file tree');
  await shell.drag(treeHandle, 160);
  await expect.poll(() => shell.widthOf(code.sidebar)).toBeGreaterThan(defaultWidth + 140);
  const dragged = await shell.widthOf(code.sidebar);
  await treeHandle.focus();
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => shell.widthOf(code.sidebar)).toBeLessThan(dragged - 20);
  const sized = await shell.widthOf(code.sidebar);

  const bar = new CollabBar(page);
  const activity = page.getByRole('complementary', { name: 'Activity' });
  await bar.openActivity();
  const activityDefault = await shell.widthOf(activity);
  await shell.handle('Resize the activity panel').focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => shell.widthOf(activity)).toBeGreaterThan(activityDefault + 40);
  const activityWidth = await shell.widthOf(activity);

  await page.reload();
  await expect(code.tree).toBeVisible();
  await expect.poll(async () => Math.abs((await shell.widthOf(code.sidebar)) - sized)).toBeLessThanOrEqual(2);
  await bar.openActivity();
  await expect.poll(async () => Math.abs((await shell.widthOf(activity)) - activityWidth)).toBeLessThanOrEqual(2);

  // Another branch has its own layout.
  const other = await newBranchFromMain(page, owner, repo, 'shell/panes-other');
  await code.open(owner, repo, other.branch);
  await expect.poll(async () => Math.abs((await shell.widthOf(code.sidebar)) - defaultWidth)).toBeLessThanOrEqual(2);
});

test('open tabs, the active file, and each file’s cursor and scroll come back after a reload', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const { branch } = await newBranchFromMain(page, owner, repo, 'shell/tabs');
  const code = new CodeEditorPage(page);
  await code.open(owner, repo, branch);
  const cursorLine = page.locator('.cm-activeLine');

  await code.openFile('src/main.ts');
  await code.editor('src/main.ts').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await expect(cursorLine).toHaveText('  y: number;');
  await code.openFile('src/game.js');
  await code.editor('src/game.js').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('ArrowUp');
  await expect(cursorLine).toHaveText('requestAnimationFrame(frame);');

  await page.reload();
  await expect(code.tab('main.ts')).toBeVisible();
  await expect(code.tab('game.js')).toHaveAttribute('aria-selected', 'true');
  await expect(code.editor('src/game.js')).toBeVisible();
  // The last line of a 71-line file is only on screen when the editor is scrolled to where it was.
  await expect(cursorLine).toHaveText('requestAnimationFrame(frame);');
  await expect(cursorLine).toBeInViewport();

  await code.tab('main.ts').click();
  await expect(code.editor('src/main.ts')).toBeVisible();
  await expect(cursorLine).toHaveText('  y: number;');
  // Typing goes where the cursor was left.
  await code.editor('src/main.ts').focus();
  await page.keyboard.type(' // z later');
  await expect(cursorLine).toHaveText('  y: number; // z later');
});

test('the status bar shows branch, distance from main, staged changes, connection and people, and follows a commit', async ({ page: alice, browser }) => {
  await new SignInFlow(alice).signIn('alice');
  const { branch } = await newBranchFromMain(alice, owner, repo, 'shell/status');
  const code = new CodeEditorPage(alice);
  const bar = new WorkspaceShell(alice).statusBar;
  await code.open(owner, repo, branch);
  await expect(bar).toContainText(branch);
  await expect(bar).toContainText('0 ahead, 0 behind main');
  await expect(bar).toContainText('No staged changes');
  await expect(bar.getByRole('status', { name: 'Connection' })).toHaveText('Live');
  await expect(bar).toContainText('Only you');

  const bobContext = await browser.newContext({ baseURL: secondInstanceURL });
  const bob = await bobContext.newPage();
  await new SignInFlow(bob).signIn('bob');
  await bob.goto(workspaceUrl(owner, repo, branch, 'code'));
  await expect(bar).toContainText('You and Bob Brown');

  await code.openFile('src/main.ts');
  await code.appendLine('src/main.ts', '// status bar');
  await expect(bar).toContainText('1 staged');
  await code.commit('Note the status bar');
  await expect(code.status).toContainText(/Committed [0-9a-f]{7}/);
  await expect(bar).toContainText('1 ahead, 0 behind main');
  await expect(bar).toContainText('No staged changes');
  // Everyone on the branch sees the commit move it.
  await expect(new WorkspaceShell(bob).statusBar).toContainText('1 ahead, 0 behind main');
  await bobContext.close();
});

test.describe('at phone width (390 px)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the agent list keeps titles and actions, and the workspace shows one pane at a time with a switcher', async ({ page }) => {
    await new SignInFlow(page).signIn('alice');
    const task = `Make the player jump higher while the space bar is held ${Date.now()}`;
    const created = await page.request.post('/api/agents', { data: { owner, repo, baseBranch: 'main', taskRequest: task } });
    expect(created.status()).toBe(201);
    await page.goto('/agents');
    const row = new AgentsPage(page).row(task);
    // Agents that need alice come first and may fill the screen: the row is scrolled to, as a person would.
    // The agent finishes meanwhile and its row moves up to "Needs you", so the scroll is retried until it holds.
    await expect(async () => {
      await row.scrollIntoViewIfNeeded({ timeout: 2_000 });
      await expect(row.getByRole('link', { name: task })).toBeInViewport({ timeout: 1_000 });
      await expect(row.getByRole('button', { name: /to the trash$/ })).toBeInViewport({ timeout: 1_000 });
    }).toPass();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const { branch } = await newBranchFromMain(page, owner, repo, 'shell/phone');
    const code = new CodeEditorPage(page);
    const shell = new WorkspaceShell(page);
    const editor = page.getByRole('region', { name: 'Editor' });
    await page.goto(workspaceUrl(owner, repo, branch, 'code'));
    await expect(shell.pane('Editor')).toHaveAttribute('aria-selected', 'true');
    await expect(editor).toBeVisible();
    await expect(code.tree).toBeHidden();

    await shell.pane('Files').click();
    await expect(code.tree).toBeVisible();
    await expect(editor).toBeHidden();
    // Opening a file shows it.
    await code.search.fill('main.ts');
    await page.getByRole('listbox', { name: 'Matching files' }).getByRole('option', { name: /^src\/main\.ts/ }).click();
    await expect(code.editor('src/main.ts')).toBeVisible();
    await expect(code.tree).toBeHidden();
    await expect(shell.pane('Editor')).toHaveAttribute('aria-selected', 'true');

    await shell.pane('Activity').click();
    await expect(page.getByRole('complementary', { name: 'Activity' })).toBeVisible();
    await expect(editor).toBeHidden();
    await shell.pane('Editor').click();
    await expect(code.editor('src/main.ts')).toContainText('export interface Vector');
    await expect(shell.statusBar).toBeInViewport();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
