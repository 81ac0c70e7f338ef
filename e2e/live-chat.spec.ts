import { expect, type Page, test } from '@playwright/test';
import { secondInstanceURL } from '../playwright.config';
import { CodeEditorPage } from './pages/code-editor';
import { CollabBar } from './pages/collab';
import { LiveChatPage } from './pages/live-chat';
import { SignInFlow } from './pages/sign-in';
import { workspaceUrl } from './pages/workspace';
import { commitSubjects, forgeGit } from './support/forge';

const owner = 'alice';
const repo = 'sample-game';
// A 1×1 PNG, pasted as a screenshot would be.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** A fresh branch from main (its name has a "/", so it travels as `chat%2F…`), created as the branch picker does. */
async function newBranch(page: Page): Promise<string> {
  const branch = `chat/${Math.random().toString(36).slice(2, 8)}`;
  const created = await page.request.post('/api/github/branches', { data: { owner, repo, baseBranch: 'main', newBranch: branch } });
  expect(created.status()).toBe(201);
  return branch;
}

const readme = (branch: string) => forgeGit(owner, repo, 'show', `refs/heads/${branch}:README.md`);
const chatApi = (branch: string, rest: string) => `/api/live-chat/${owner}/${repo}/${encodeURIComponent(branch)}/${rest}`;

test('ask for a change: the answer streams with its steps, ONE commit lands and others see it; revert, reload, clear; no access is a 404', async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  await new SignInFlow(page).signIn('alice');
  const branch = await newBranch(page);
  const baseCommits = commitSubjects(owner, repo, branch);
  const original = readme(branch);

  // Bob has the branch open on the other app instance, with its activity in view.
  const bobContext = await browser.newContext({ baseURL: secondInstanceURL });
  const bob = await bobContext.newPage();
  await new SignInFlow(bob).signIn('bob');
  await bob.goto(workspaceUrl(owner, repo, branch, 'code'));
  const bobBar = new CollabBar(bob);
  await expect(bobBar.status).toHaveText('Live');
  await bobBar.openActivity();

  const chat = new LiveChatPage(page);
  await chat.open(owner, repo, branch);
  await expect(chat.emptyState).toBeVisible();
  const request = 'Make the README friendlier [scenario:edit-readme]';
  await chat.send(request);
  await expect(chat.yourMessages()).toHaveText([request]);
  await expect(chat.input).toHaveValue('');

  const answer = chat.answers().first();
  await expect(answer).toContainText("I'll look at the repository first.");
  for (const tool of ['list_files', 'read_file', 'edit_file']) await expect(chat.toolStep(answer, tool)).toBeVisible();
  await expect(answer).toContainText('Done: the README now calls the game "a tiny, friendly platformer".');
  await expect(answer).toHaveAttribute('aria-busy', 'false');
  const edit = chat.toolStep(answer, 'edit_file');
  await edit.getByText('edit_file').click();
  await expect(edit.getByLabel('Output')).toHaveText('Edited README.md: replaced one occurrence.');

  // One commit on the branch, with the scripted edit, shown with its diff.
  const commit = chat.commits(answer);
  await expect(commit).toHaveCount(1);
  await expect(commit.getByRole('list', { name: 'Changed files' })).toContainText('README.md');
  expect(commitSubjects(owner, repo, branch)).toEqual([`Live Chat: ${request}`, ...baseCommits]);
  expect(readme(branch)).toContain('A tiny, friendly platformer used as');
  await commit.getByText('README.md').click();
  await expect(commit.getByText('+A tiny, friendly platformer used as')).toBeVisible();
  await expect(commit.getByRole('link', { name: 'View diff on GitHub' })).toHaveAttribute('href', new RegExp(`/alice/sample-game/commit/[0-9a-f]{40}$`));

  // Bob, on the other instance, sees the change land.
  await expect(bobBar.activity.getByRole('listitem').first()).toContainText('Alice Anderson edited README.md with Live Chat');
  const bobCode = new CodeEditorPage(bob);
  await bobCode.open(owner, repo, branch);
  await bobCode.openFile('README.md');
  await expect(bobCode.editor('README.md')).toContainText('A tiny, friendly platformer used as');

  // Revert: a new commit restoring the README.
  await commit.getByRole('button', { name: 'Revert' }).click();
  const revert = chat.messages.getByRole('listitem', { name: 'Revert' });
  await expect(revert).toContainText(/Reverted [0-9a-f]{7} with [0-9a-f]{7}/);
  await expect(commit).toContainText(/Reverted by [0-9a-f]{7}/);
  expect(commitSubjects(owner, repo, branch)[0]).toBe(`Revert "Live Chat: ${request}"`);
  expect(readme(branch)).toBe(original);

  // Reload: the history is there, as it was streamed.
  await page.reload();
  await expect(chat.yourMessages()).toHaveText([request]);
  await expect(chat.toolStep(chat.answers().first(), 'edit_file')).toBeVisible();
  await expect(chat.commits()).toHaveCount(2);

  // Someone without access to the repository cannot read it.
  const daveContext = await browser.newContext();
  const dave = await daveContext.newPage();
  await new SignInFlow(dave).signIn('dave');
  for (const response of [await dave.request.get(chatApi(branch, 'messages')), await dave.request.post(chatApi(branch, 'execute'), { data: {} })]) {
    expect(response.status()).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'Repository alice/sample-game was not found, or you do not have access to it.' },
    });
  }

  await chat.clearHistory();
  await page.reload();
  await expect(chat.emptyState).toBeVisible();
  await Promise.all([bobContext.close(), daveContext.close()]);
});

test('Stop during a slow answer commits nothing', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const branch = await newBranch(page);
  const before = commitSubjects(owner, repo, branch);
  const chat = new LiveChatPage(page);
  await chat.open(owner, repo, branch);
  await chat.send('Retitle the README, slowly [scenario:slow-edit]');
  const answer = chat.answers().first();
  await expect(chat.toolStep(answer, 'edit_file')).toBeVisible();
  await expect(answer).toContainText('I changed the title');
  await chat.stopButton.click();
  await expect(answer).toContainText('Stopped. Nothing was committed.');
  await expect(chat.sendButton).toBeVisible();
  await expect(chat.commits()).toHaveCount(0);
  expect(commitSubjects(owner, repo, branch)).toEqual(before);
  expect(readme(branch)).not.toContain('edited slowly');
  // The stored answer says the same after a reload.
  await page.reload();
  await expect(chat.answers().first()).toContainText('Stopped. Nothing was committed.');
});

test('context: a file of the branch with a selection and a pasted image go with the message; Markdown is rendered', async ({ page, browser }) => {
  await new SignInFlow(page).signIn('alice');
  const branch = await newBranch(page);
  const chat = new LiveChatPage(page);
  await chat.open(owner, repo, branch);

  await chat.attach('no/such/file.txt');
  const attachForm = page.getByRole('group', { name: 'Attach a file of the branch' });
  await expect(attachForm.getByRole('alert')).toHaveText('There is no file "no/such/file.txt" on this branch.');
  await attachForm.getByRole('button', { name: 'Cancel' }).click();
  await chat.attach('README.md', { from: 1, to: 2 });
  await expect(page.getByRole('list', { name: 'Attachments' })).toContainText('README.md (lines 1–2)');
  await chat.pasteImage(PNG);
  await expect(page.getByRole('list', { name: 'Attachments' }).getByRole('img', { name: 'Pasted image 1' })).toBeVisible();
  await chat.send('What do you see? [scenario:plain-text]');

  const mine = chat.yourMessages().first();
  await expect(mine).toContainText('README.md (lines 1–2)');
  const image = mine.getByRole('img', { name: 'Pasted image 1' });
  await expect(image).toBeVisible();
  // Loaded from the server (the stored image), not a local preview.
  await expect(image).toHaveAttribute('src', new RegExp(`^${chatApi(branch, 'images/').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[0-9a-f-]{36}$`));
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBe(1);
  const answer = chat.answers().first();
  await expect(answer.getByRole('listitem')).toHaveCount(2);
  await expect(answer.locator('strong', { hasText: 'read' })).toBeVisible();
  await expect(answer.locator('code', { hasText: 'src/main.ts' })).toBeVisible();

  // Carol may read the repository but not change it: the composer says why it is off.
  const carolContext = await browser.newContext();
  const carol = await carolContext.newPage();
  await new SignInFlow(carol).signIn('carol');
  const carolChat = new LiveChatPage(carol);
  await carolChat.open(owner, repo, branch);
  await expect(carolChat.input).toBeDisabled();
  await expect(carol.getByText('You have read-only access to alice/sample-game.')).toBeVisible();
  await carolContext.close();
});
