import { expect, test } from '@playwright/test';
import { CodeEditorPage } from './pages/code-editor';
import { CommandPaletteFlow } from './pages/command-palette';
import { SignInFlow } from './pages/sign-in';
import { newBranchViaApp } from './support/github';
import { workspaceUrl } from './pages/workspace';

const owner = 'alice';
const repo = 'sample-game';


test('keyboard only: open with Ctrl+K, switch page with arrows and Enter, Escape closes and focus returns', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const branch = await newBranchViaApp(page, 'palette');
  const code = new CodeEditorPage(page);
  await code.open(owner, repo, branch);
  const palette = new CommandPaletteFlow(page);

  await code.search.focus();
  await palette.open('Control+K');
  await page.keyboard.press('Escape');
  await expect(palette.dialog).toBeHidden();
  await expect(code.search).toBeFocused();

  await palette.open('Control+Shift+P');
  await page.keyboard.type('open');
  await expect(palette.selected).toHaveText('Open Code (current)');
  await page.keyboard.press('ArrowDown');
  await expect(palette.selected).toHaveText('Open Images');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(workspaceUrl(owner, repo, branch, 'images'));
  await expect(palette.dialog).toBeHidden();

  await palette.open();
  await palette.choose('live chat', 'Open Live Chat');
  await expect(page).toHaveURL(workspaceUrl(owner, repo, branch, 'chat'));
});

test('go to file: Ctrl+P from another page opens the Code page on the file; fuzzy names match', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const branch = await newBranchViaApp(page, 'palette');
  await page.goto(workspaceUrl(owner, repo, branch, 'images'));
  const palette = new CommandPaletteFlow(page);
  const code = new CodeEditorPage(page);

  await palette.open('Control+P');
  await expect(palette.dialog.getByRole('option', { name: 'src/main.ts' })).toBeVisible();
  await palette.choose('srcgame', 'src/game.js');
  await expect(page).toHaveURL(workspaceUrl(owner, repo, branch, 'code'));
  await expect(code.tab('game.js')).toHaveAttribute('aria-selected', 'true');
  await expect(code.editor('src/game.js')).toBeVisible();

  // On the Code page, "Go to file…" from the commands, then back with Backspace and into it again.
  await palette.open();
  await palette.choose('go to file', 'Go to file…Ctrl P');
  await expect(palette.input).toHaveAttribute('placeholder', 'Go to file by name…');
  await page.keyboard.press('Backspace');
  await expect(palette.input).toHaveAttribute('placeholder', 'Type a command…');
  await palette.choose('go to file', 'Go to file…Ctrl P');
  await palette.choose('main.ts', 'src/main.ts');
  await expect(code.tab('main.ts')).toHaveAttribute('aria-selected', 'true');
  await expect(code.editor('src/main.ts')).toContainText('export const GRAVITY = 0.2;');
});

test('switch branch, commit, start an agent on this repository', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const branch = await newBranchViaApp(page, 'palette');
  const code = new CodeEditorPage(page);
  await code.open(owner, repo, branch);
  const palette = new CommandPaletteFlow(page);

  // Commit opens the editor's commit dialog with the staged change.
  await code.openFile('src/main.ts');
  await code.appendLine('src/main.ts', '// from the palette');
  await expect(code.tab('main.ts, changed')).toBeVisible();
  await palette.open();
  await palette.choose('commit', 'Commit staged changes…Ctrl S');
  const commitDialog = page.getByRole('dialog', { name: `Commit to ${branch}` });
  await expect(commitDialog).toBeVisible();
  await expect(commitDialog).toContainText('src/main.ts');
  await page.keyboard.press('Escape');
  await expect(commitDialog).toBeHidden();

  // Switch branch lists the repository's branches; choosing one keeps the page.
  await palette.open();
  await palette.choose('switch branch', 'Switch branch…');
  await expect(palette.dialog.getByRole('option', { name: `${branch} (current)` })).toBeVisible();
  await palette.choose('main', /^main/);
  await expect(page).toHaveURL(workspaceUrl(owner, repo, 'main', 'code'));
  await expect(code.tree).toBeVisible();

  // Start an agent: the new-agent form, on this repository and branch.
  await page.goto(workspaceUrl(owner, repo, branch, 'code'));
  await expect(code.tree).toBeVisible();
  await palette.open();
  await palette.choose('agent on this repository', 'Start an agent on this repository…');
  await expect(page).toHaveURL(/\/agents\?new=1&/);
  const form = page.getByRole('form', { name: 'New agent' });
  await expect(form.getByRole('combobox', { name: 'Repository' })).toHaveValue(`${owner}/${repo}`);
  await expect(form.getByRole('combobox', { name: 'Base branch' })).toHaveValue(branch);
});

test('a reader is not offered Commit, nor starting an agent on the branch', async ({ page }) => {
  await new SignInFlow(page).signIn('carol');
  const code = new CodeEditorPage(page);
  await code.open(owner, repo, 'main');
  const palette = new CommandPaletteFlow(page);
  await palette.open();
  await page.keyboard.type('commit');
  await expect(palette.dialog.getByText('No matches.')).toBeVisible();
  await palette.input.fill('agent');
  await expect(palette.dialog.getByRole('option', { name: 'Start an agent on this branch…' })).toHaveCount(0);
  await expect(palette.dialog.getByRole('option', { name: 'Start an agent on this repository…' })).toBeVisible();
});

test('? shows the keyboard shortcuts (not while typing); the palette offers it too, and each shows the same keys', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const code = new CodeEditorPage(page);
  await code.open(owner, repo, 'main');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });

  // In a field, a question mark is just typed.
  await code.search.focus();
  await page.keyboard.press('?');
  await expect(code.search).toHaveValue('?');
  await code.search.fill('');
  await expect(help).toBeHidden();

  const tab = code.sidebarTab('Files');
  await tab.focus();
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  await expect(help.getByRole('region', { name: 'Anywhere' }).getByRole('listitem')).toHaveText([
    /^Open the command palette\s*Ctrl K\s*Ctrl Shift P$/,
    /^Go to file\s*Ctrl P$/,
    /^Show the keyboard shortcuts\s*\?$/,
  ]);
  await expect(help.getByRole('region', { name: 'Editors' }).getByRole('listitem').first()).toContainText('Ctrl S');
  await expect(help.getByRole('region', { name: 'Image editor' }).getByRole('listitem').first()).toHaveText(/^Brush\s*B$/);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(tab).toBeFocused();

  const palette = new CommandPaletteFlow(page);
  await palette.open();
  await page.keyboard.type('go to file');
  await expect(palette.selected).toHaveText('Go to file…Ctrl P');
  await palette.input.fill('');
  await palette.choose('keyboard shortcuts', 'Show the keyboard shortcuts?');
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toBeHidden();
});
