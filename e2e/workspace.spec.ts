import { expect, test } from '@playwright/test';
import { SignInFlow } from './pages/sign-in';
import { WorkspaceHeader, WorkspacePicker, workspaceUrl } from './pages/workspace';

const unique = () => Math.random().toString(36).slice(2, 8);

test('pick a repository, create an auto branch, land on its code tab, and keep it across reload and back/forward', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const picker = new WorkspacePicker(page);
  await picker.open();
  await expect(picker.repositories.getByRole('link')).toHaveCount(3);
  await page.getByRole('searchbox', { name: 'Search repositories' }).fill('nothing-like-this');
  await expect(page.getByText('No repository matches')).toBeVisible();

  await picker.chooseRepository('alice/sample-game');
  await expect(page).toHaveURL(/\/workspace\?repo=alice%2Fsample-game$/);
  const branch = await picker.createAutoBranch();
  expect(branch).toMatch(/^webedt\/\d{8}-[a-z2-9]{6}$/);

  const header = new WorkspaceHeader(page);
  await expect(page).toHaveURL(workspaceUrl('alice', 'sample-game', branch, 'code'));
  await header.expectBranch('alice', 'sample-game', branch);
  await expect(header.tab('Code')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('link', { name: 'View on GitHub' })).toHaveAttribute(
    'href',
    new RegExp(`/alice/sample-game/tree/${branch}$`),
  );

  await page.reload();
  await header.expectBranch('alice', 'sample-game', branch);

  await header.tab('Images').click();
  await expect(page).toHaveURL(workspaceUrl('alice', 'sample-game', branch, 'images'));
  await expect(header.tab('Images')).toHaveAttribute('aria-current', 'page');
  await header.tab('Preview').click();
  await expect(page).toHaveURL(workspaceUrl('alice', 'sample-game', branch, 'preview'));
  await page.goBack();
  await expect(page).toHaveURL(workspaceUrl('alice', 'sample-game', branch, 'images'));
  await header.expectBranch('alice', 'sample-game', branch);

  // The last page of each branch is remembered on /workspace.
  await page.getByRole('link', { name: 'Select New Branch' }).click();
  await expect(page).toHaveURL(/\/workspace\?repo=alice%2Fsample-game$/);
  const recent = picker.recent.getByRole('link', { name: new RegExp(branch) });
  // The visit is recorded in the background as the tab opens; it may land just after this page rendered.
  await expect(async () => {
    await page.reload();
    await expect(recent).toContainText('Images', { timeout: 1_000 });
  }).toPass();
  await recent.click();
  await expect(page).toHaveURL(workspaceUrl('alice', 'sample-game', branch, 'images'));
});

test('a custom feature/ branch opens from a pasted URL for another user with access, and is a 404 for one without', async ({ page, browser }) => {
  await new SignInFlow(page).signIn('alice');
  const picker = new WorkspacePicker(page);
  await picker.open('/workspace/new?repo=alice%2Fsample-game');
  await expect(picker.mode('New branch')).toHaveAttribute('aria-selected', 'true');

  // Git's rules are checked before GitHub is asked, and an existing name is refused.
  const problem = page.getByRole('tabpanel').getByRole('alert');
  await picker.fillCustomName('feature/', 'bad..name');
  await expect(problem).toHaveText('Branch name cannot contain "..".');
  await expect(page.getByRole('button', { name: 'Create branch' })).toBeDisabled();
  await picker.fillCustomName('', 'develop');
  await expect(problem).toHaveText('A branch named "develop" already exists.');

  const branch = `feature/login-${unique()}`;
  await picker.fillCustomName('feature/', branch.slice('feature/'.length));
  await page.getByRole('button', { name: 'Create branch' }).click();
  const url = workspaceUrl('alice', 'sample-game', branch, 'code');
  await expect(page).toHaveURL(url);
  expect(url).toContain('feature%2Flogin-');

  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await new SignInFlow(bob).signIn('bob');
  await bob.goto(url);
  await new WorkspaceHeader(bob).expectBranch('alice', 'sample-game', branch);
  await bobContext.close();

  const daveContext = await browser.newContext();
  const dave = await daveContext.newPage();
  await new SignInFlow(dave).signIn('dave');
  const response = await dave.goto(url);
  expect(response?.status()).toBe(404);
  await expect(dave.getByRole('heading', { name: 'Workspace not found' })).toBeVisible();
  await expect(dave.getByText(`There is no branch ${branch} in alice/sample-game, or you do not have access`)).toBeVisible();
  await daveContext.close();
});

test('an existing branch is found by search; a missing branch is a 404 that names it', async ({ page }) => {
  await new SignInFlow(page).signIn('carol');
  const picker = new WorkspacePicker(page);
  await picker.open();
  await picker.chooseRepository('alice/sample-game');
  // carol can read but not write: only existing branches.
  await expect(picker.mode('New branch')).toHaveCount(0);
  await page.getByRole('searchbox', { name: 'Search branches' }).fill('dev');
  await expect(page.getByRole('list', { name: 'Branches' }).getByRole('link')).toHaveCount(1);
  await page.getByRole('link', { name: 'develop' }).click();
  await expect(page).toHaveURL(workspaceUrl('alice', 'sample-game', 'develop', 'code'));
  await expect(page.getByText('Read-only')).toBeVisible();

  const response = await page.goto(workspaceUrl('alice', 'sample-game', 'no/such-branch', 'code'));
  expect(response?.status()).toBe(404);
  await expect(page.getByText('There is no branch no/such-branch in alice/sample-game')).toBeVisible();
});

test('branch names with slashes, dots, unicode and % round-trip through the URL', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const suffix = unique();
  const header = new WorkspaceHeader(page);
  for (const name of [`claude/x/y/z-${suffix}`, `a.b-c_d-${suffix}`, `ünïcödé/ブランチ-${suffix}`, `100%-${suffix}`, `x%41y-${suffix}`]) {
    const created = await page.request.post('/api/github/branches', {
      data: { owner: 'alice', repo: 'sample-game', baseBranch: 'main', newBranch: name },
    });
    expect(created.status()).toBe(201);
    const { url } = (await created.json()) as { url: string };
    expect(url).toBe(workspaceUrl('alice', 'sample-game', name, 'code'));
    await page.goto(url);
    await header.expectBranch('alice', 'sample-game', name);
    await header.tab('Sounds').click();
    await expect(page).toHaveURL(workspaceUrl('alice', 'sample-game', name, 'sounds'));
    await header.expectBranch('alice', 'sample-game', name);
  }
});

test('creating a branch that exists, or with an invalid name, is refused with a clear error', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const create = (newBranch: string) =>
    page.request.post('/api/github/branches', { data: { owner: 'alice', repo: 'sample-game', baseBranch: 'main', newBranch } });
  const exists = await create('develop');
  expect(exists.status()).toBe(409);
  expect(await exists.json()).toEqual({
    error: { code: 'conflict', message: 'A branch named "develop" already exists in alice/sample-game. Choose another name.' },
  });
  const invalid = await create('has space');
  expect(invalid.status()).toBe(400);
  expect(((await invalid.json()) as { error: { message: string } }).error.message).toContain('cannot contain " "');
});

test('a signed-out visitor of a workspace link signs in and lands on that workspace', async ({ page }) => {
  const url = workspaceUrl('alice', 'sample-game', 'develop', 'scenes');
  await page.goto(url);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await page.getByRole('button', { name: 'Sign in with GitHub' }).click();
  await page.getByRole('button', { name: /\bbob\b/ }).click();
  await expect(page).toHaveURL(url);
  await new WorkspaceHeader(page).expectBranch('alice', 'sample-game', 'develop');
});
