import { expect, type Page, test } from '@playwright/test';
import { AgentDetail, AgentsPage } from './pages/agents';
import { CodeEditorPage } from './pages/code-editor';
import { CollabBar } from './pages/collab';
import { SignInFlow } from './pages/sign-in';
import { WorkspaceHeader, WorkspacePicker, workspaceUrl } from './pages/workspace';
import { git } from './support/github';

/** Issue 16, items 1–7: what each screen says is true and current, asserted exactly. */

const owner = 'alice';
const repo = 'sample-game';
const unique = () => Math.random().toString(36).slice(2, 8);
const NO_WRITABLE_REPOS = 'Agents work on repositories you can push to, and your account cannot push to any yet.';

async function newBranch(page: Page): Promise<string> {
  const branch = `truth/e2e-${unique()}`;
  const created = await page.request.post('/api/github/branches', { data: { owner, repo, baseBranch: 'main', newBranch: branch } });
  expect(created.status()).toBe(201);
  return branch;
}

/** The agent's branch as its page names it (`owner/repo · <branch> from main`). */
async function agentBranch(page: Page): Promise<string> {
  return (await page.getByText(/^agent\//).first().textContent())!.trim();
}

test('one activity entry per commit with its message, sha, true counts and files; rename keeps the folder', async ({ page }) => {
  test.setTimeout(60_000);
  await new SignInFlow(page).signIn('alice');
  const branch = await newBranch(page);
  const code = new CodeEditorPage(page);
  await code.open(owner, repo, branch);

  await code.openFile('README.md');
  await code.appendLine('README.md', 'More about the game.');
  await code.openFile('src/main.ts');
  await code.appendLine('src/main.ts', '// tuned');
  await code.createFile('docs/notes.md', '# Notes');
  // Rename offers the name only; a bare name stays in the folder.
  await code.openFile('src/style.css');
  await page.getByRole('toolbar', { name: 'File actions' }).getByRole('button', { name: 'Rename' }).click();
  const renameTo = page.getByRole('textbox', { name: 'Rename to' });
  await expect(renameTo).toHaveValue('style.css');
  await expect(code.sidebar.getByText('Stays in src/; type a path with “/” to move it (“/name” for the root).')).toBeVisible();
  await renameTo.fill('styles.css');
  await page.getByRole('button', { name: 'Rename', exact: true }).last().click();
  await expect(code.status).toHaveText('Renamed src/style.css to src/styles.css (staged until you commit).');
  await code.deleteFile('tools/build_atlas.py');

  await code.showChanges();
  await expect(code.stagedList.getByRole('button', { name: 'src/styles.css, renamed from src/style.css' })).toContainText('src/styles.css ← src/style.css');
  await code.commit('Tidy the game');
  await expect(code.status).toContainText(/Committed [0-9a-f]{7}: 5 files\.$/);
  const sha = git(owner, repo, 'rev-parse', `refs/heads/${branch}`).trim();
  expect(git(owner, repo, 'show', '--name-status', '--format=', sha).trim().split('\n').sort()).toEqual(
    ['A\tdocs/notes.md', 'D\ttools/build_atlas.py', 'M\tREADME.md', 'M\tsrc/main.ts', 'R100\tsrc/style.css\tsrc/styles.css'].sort(),
  );

  const bar = new CollabBar(page);
  await bar.openActivity();
  const entries = bar.activity.locator(':scope > li');
  // The commit and the branch's creation: one entry each.
  await expect(entries).toHaveCount(2);
  const entry = entries.first();
  await expect(entry.locator('p').first()).toHaveText('Alice Anderson committed 5 files');
  await expect(entry.getByTestId('commit-message')).toHaveText('Tidy the game');
  const link = entry.getByRole('link', { name: `Commit ${sha.slice(0, 7)} on GitHub` });
  await expect(link).toHaveText(sha.slice(0, 7));
  await expect(link).toHaveAttribute('href', new RegExp(`/alice/sample-game/commit/${sha}$`));
  const counts = entry.locator('summary');
  await expect(counts).toHaveText('2 edited · 1 created · 1 renamed · 1 deleted');
  await counts.click();
  const files = entry.getByRole('list', { name: `Files of commit ${sha.slice(0, 7)}` }).getByRole('listitem');
  await expect(files).toHaveCount(5);
  expect((await files.allTextContents()).sort()).toEqual([
    'created docs/notes.md',
    'deleted tools/build_atlas.py',
    'edited README.md',
    'edited src/main.ts',
    'renamed src/style.css to src/styles.css',
  ]);
});

test('the agent page follows the stream: branch, status, diff, cost, pull request; GitHub refusals are sentences', async ({ page }) => {
  test.setTimeout(90_000);
  await new SignInFlow(page).signIn('alice');
  const stamp = Date.now();
  await new AgentsPage(page).start(`Please explain what this game does ${stamp} [scenario:plain-text]`);
  const detail = new AgentDetail(page);
  await expect(detail.status).toHaveText('Completed', { timeout: 30_000 });
  // A turn without a commit: the branch exists, nothing is ahead, nothing to propose, no stuck states.
  const branch = await agentBranch(page);
  expect(branch).toMatch(/^agent\/explain-what-this-game-does-[0-9a-f]{8}$/);
  await expect(page.getByRole('link', { name: 'Open in workspace' })).toBeVisible();
  await expect(page.getByText('No branch yet', { exact: false })).toHaveCount(0);
  await expect(page.getByText('Loading the diff…')).toHaveCount(0);
  await expect(page.getByText('No changes yet against main.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create pull request' })).toHaveCount(0);
  await expect(page.getByTestId('agent-cost')).toHaveText(/· \$\d+\.\d{4}$/);
  await expect(detail.steps.getByText(`Made branch ${branch} from main.`)).toBeVisible();
  // Every step of the log has its time.
  const steps = detail.steps.locator(':scope > li');
  await expect(steps.locator('time')).toHaveCount(await steps.count());
  for (const time of await steps.locator('time').all()) await expect(time).toHaveText(/^\d{2}:\d{2}:\d{2}$/);

  const agentId = page.url().split('/').pop()!;
  const refused = await page.request.post(`/api/agents/${agentId}/pull-request`);
  expect(refused.status()).toBe(409);
  expect(await refused.json()).toEqual({
    error: {
      code: 'conflict',
      message: `${branch} has no commits that main does not have, so there is nothing to propose yet. Commit a change to ${branch} first.`,
    },
  });

  // A follow-up that commits: the diff (numbered, focusable) and the pull request button appear without a reload.
  const costBefore = await page.getByTestId('agent-cost').textContent();
  await page.getByRole('textbox', { name: 'Follow-up message' }).fill('Make the README friendlier [scenario:edit-readme]');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(detail.steps.getByLabel('Commit')).toHaveCount(1, { timeout: 30_000 });
  await expect(detail.status).toHaveText('Completed');
  const diff = page.getByRole('region', { name: 'Diff of README.md' });
  await expect(diff).toHaveAttribute('tabindex', '0');
  const added = diff.getByRole('row').filter({ hasText: '+A tiny, friendly platformer used as' });
  await expect(added.getByTestId('old-line')).toHaveText('');
  await expect(added.getByTestId('new-line')).toHaveText('3');
  await expect(diff.getByRole('row').filter({ hasText: '-A tiny platformer used as' }).getByTestId('old-line')).toHaveText('3');
  await diff.focus();
  await expect(diff).toBeFocused();
  await expect(page.getByTestId('agent-cost')).not.toHaveText(costBefore!);
  await page.getByRole('button', { name: 'Create pull request' }).click();
  await expect(page.getByTestId('pr-state')).toHaveText('open');

  // The agent's commit in the branch's activity, marked as the agent's.
  await page.getByRole('link', { name: 'Open in workspace' }).click();
  await new WorkspaceHeader(page).expectBranch(owner, repo, branch);
  const bar = new CollabBar(page);
  await bar.openActivity();
  await expect(bar.activity.locator(':scope > li').first().locator('p').first()).toHaveText("Alice Anderson's agent edited README.md");
});

test('while an agent runs its branch is shown; cancel keeps the answer whole above the note', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  await new AgentsPage(page).start(`Retitle the README ${Date.now()} [scenario:slow-edit]`);
  const detail = new AgentDetail(page);
  await expect(detail.status).toHaveText('Running');
  await expect(detail.steps.getByLabel('Agent')).toContainText('I changed the title');
  expect(await agentBranch(page)).toMatch(/^agent\/retitle-readme-[0-9a-f]{8}$/);
  await expect(page.getByRole('link', { name: 'Open in workspace' })).toBeVisible();
  await expect(page.getByText('No branch yet', { exact: false })).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(detail.status).toHaveText('Cancelled');
  await expect(detail.steps.getByLabel('Agent')).toHaveCount(1);
  const steps = detail.steps.locator(':scope > li');
  const texts = await steps.allTextContents();
  expect(texts.slice(-3).map((text) => text.replace(/^\d{2}:\d{2}:\d{2} /, ''))).toEqual([
    'Cancel requested: stopping after the current step.',
    expect.stringMatching(/^Turn finished · /),
    'Cancelled.',
  ]);
  expect(texts.at(-4)).toContain('I changed the title');
  await expect(page.getByRole('button', { name: 'Create pull request' })).toHaveCount(0);
  await expect(page.getByText('No changes yet against main.')).toBeVisible();
});

test('for dave a public repository is read-only everywhere; he is offered nothing that can only fail', async ({ page }) => {
  await new SignInFlow(page).signIn('dave');
  await expect(page.getByRole('link', { name: 'New agent' })).toHaveCount(0);
  // Said once beside the list's title (dave's migrated legacy agents fill the list itself).
  await expect(page.getByText(NO_WRITABLE_REPOS).first()).toBeVisible();

  const picker = new WorkspacePicker(page);
  await picker.open('/workspace?repo=alice/hello-world');
  await expect(page.getByRole('heading', { level: 2, name: 'alice/hello-world' })).toBeVisible();
  await expect(page.getByText('was not found, or you do not have access', { exact: false })).toHaveCount(0);
  await expect(page.getByText('You have read-only access: you can open existing branches, not create them.')).toBeVisible();
  await expect(page.getByRole('tab')).toHaveText(['Existing branch']);
  await expect(page.getByRole('link', { name: 'New branch' })).toHaveCount(0);
  await page.getByRole('list', { name: 'Branches' }).getByRole('link', { name: /^main/ }).click();
  await expect(page).toHaveURL(workspaceUrl('alice', 'hello-world', 'main', 'code'));
  await expect(page.getByText('Read-only', { exact: true })).toBeVisible();

  await picker.open();
  await expect(page.getByText('None are yours or shared with you. A public repository opens read-only from its link.')).toBeVisible();
  await picker.recent.getByRole('link', { name: /alice\/hello-world main/ }).click();
  await new WorkspaceHeader(page).expectBranch('alice', 'hello-world', 'main');
});

test('carol (read-only) gets no New agent or New branch; empty searches say what is empty', async ({ page, browser }) => {
  await new SignInFlow(page).signIn('carol');
  await expect(page.getByRole('link', { name: 'New agent' })).toHaveCount(0);
  await expect(page.getByText(NO_WRITABLE_REPOS).first()).toBeVisible();
  await page.goto('/agents?status=failed');
  await expect(page.getByText('No failed agents', { exact: true })).toBeVisible();
  const picker = new WorkspacePicker(page);
  await picker.open();
  await expect(page.getByRole('link', { name: 'New branch' })).toHaveCount(0);
  await picker.chooseRepository('alice/sample-game');
  await expect(page.getByRole('tab')).toHaveText(['Existing branch']);

  const aliceContext = await browser.newContext();
  const alice = await aliceContext.newPage();
  await new SignInFlow(alice).signIn('alice');
  await expect(alice.getByRole('link', { name: 'New agent' })).toBeVisible();
  await alice.getByRole('searchbox', { name: 'Search agents' }).fill('no agent is called this');
  await alice.getByRole('button', { name: 'Filter' }).click();
  await expect(alice.getByText('No agents match “no agent is called this”', { exact: true })).toBeVisible();
  await alice.getByRole('link', { name: 'Show all agents' }).click();
  await expect(alice).toHaveURL(/\/agents$/);
  await new WorkspacePicker(alice).open();
  await expect(alice.getByRole('link', { name: 'New branch' })).toBeVisible();
  await aliceContext.close();
});
