import { expect, test } from '@playwright/test';
import { CodeEditorPage } from './pages/code-editor';
import { CollabBar } from './pages/collab';
import { SignInFlow } from './pages/sign-in';
import { WorkspaceHeader, WorkspacePicker, workspaceUrl } from './pages/workspace';
import { emulatorControl, git, newBranchViaApp } from './support/github';

/** What GitHub does that a small sample repository never shows: empty repositories, truncated trees, idle people. */

test('an empty repository offers its first commit, which creates its default branch', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  // A branch address of an empty repository leads to its first-commit page.
  await page.goto(workspaceUrl('alice', 'blank-slate', 'main', 'code'));
  await expect(page).toHaveURL(/\/github\/alice\/blank-slate$/);
  await expect(page.getByRole('heading', { name: 'alice/blank-slate is empty' })).toBeVisible();

  const picker = new WorkspacePicker(page);
  await picker.open();
  await picker.chooseRepository('alice/blank-slate');
  await page.getByRole('link', { name: 'Make its first commit' }).click();
  await page.getByRole('textbox', { name: 'README.md' }).fill('# Blank slate\n\nStarted from WebEDT.\n');
  await page.getByRole('button', { name: 'Create README.md' }).click();

  await expect(page).toHaveURL(workspaceUrl('alice', 'blank-slate', 'main', 'code'));
  await new WorkspaceHeader(page).expectBranch('alice', 'blank-slate', 'main');
  await expect(new CodeEditorPage(page).tree.getByRole('treeitem', { name: 'README.md' })).toBeVisible();
  expect(git('alice', 'blank-slate', 'log', '--format=%s|%P', 'refs/heads/main').trim()).toBe('Add README.md|');
  expect(git('alice', 'blank-slate', 'show', 'refs/heads/main:README.md')).toBe('# Blank slate\n\nStarted from WebEDT.\n');
});

test('a tree GitHub lists only in part is loaded folder by folder, with a notice', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const branch = await newBranchViaApp(page, 'truncated');
  await emulatorControl.treeLimit(3);
  try {
    const code = new CodeEditorPage(page);
    await code.open('alice', 'sample-game', branch);
    await expect(page.getByRole('note').filter({ hasText: 'loaded folder by folder' })).toBeVisible();
    await code.search.fill('build_atlas');
    await expect(page.getByRole('listbox', { name: 'Matching files' }).getByRole('option')).toHaveAccessibleName('tools/build_atlas.py');
  } finally {
    await emulatorControl.treeLimit(100_000);
  }
});

test('someone who has not moved for minutes shows as idle', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const branch = await newBranchViaApp(page, 'idle');
  // Bob's presence as the server reports it: online (a fresh heartbeat), his last change 3 minutes ago.
  await page.route('**/api/workspace/presence?*', async (route) => {
    if (route.request().method() !== 'GET') return route.fallback();
    const bob = {
      user: { id: 'bob-id', login: 'bob', name: 'Bob Brown', avatarUrl: null },
      page: 'code',
      cursor: null,
      selection: null,
      heartbeatAt: new Date().toISOString(),
      ageMs: 0,
      idleMs: 3 * 60_000 + 5_000,
      online: true,
    };
    await route.fulfill({ json: { users: [bob] } });
  });
  await page.goto(workspaceUrl('alice', 'sample-game', branch, 'code'));
  await expect(new CollabBar(page).people.getByRole('listitem', { name: 'Bob Brown — Code, idle 3 min' })).toBeVisible();
});
