import { expect, test } from '@playwright/test';
import { AgentDetail, AgentsPage } from './pages/agents';
import { SignInFlow } from './pages/sign-in';
import { WorkspaceHeader } from './pages/workspace';
import { commitSubjects } from './support/forge';

const SLOW_TEXT_END = 'I will make the edits in one commit on this branch.';

test('an agent runs in the background: live steps, a commit per turn, a follow-up, a pull request, its workspace', async ({ page }) => {
  test.setTimeout(90_000);
  await new SignInFlow(page).signIn('alice');
  const agents = new AgentsPage(page);
  const task = `Retitle the README ${Date.now()} [scenario:slow-edit]`;
  await agents.start(task);
  const detail = new AgentDetail(page);

  // Running and streaming without a reload; a reload mid-run resumes the stream without repeating steps.
  await expect(detail.status).toHaveText('Running');
  await expect(detail.steps.getByText('edit_file')).toBeVisible();
  await expect(detail.steps.getByLabel('Agent')).toContainText('I changed the title');
  await page.reload();
  await expect(detail.status).toHaveText(/Running|Completed/);
  await expect(detail.status).toHaveText('Completed', { timeout: 30_000 });
  await expect(detail.steps.getByText('edit_file')).toHaveCount(1);
  const answer = detail.steps.getByLabel('Agent');
  await expect(answer).toHaveCount(1);
  await expect(answer).toContainText(SLOW_TEXT_END);
  expect((await answer.textContent())!.split('I changed the title').length).toBe(2);

  const commit = detail.steps.getByLabel('Commit');
  await expect(commit).toContainText('README.md');
  const branch = (await page.getByText(/^agent\/retitle-readme/).first().textContent())!.trim();
  expect(commitSubjects('alice', 'sample-game', branch)[0]).toBe(`Agent: ${task}`);
  await expect(page.getByRole('list', { name: 'Changed files' })).toContainText('README.md');

  // A follow-up continues on the same branch with a second commit.
  await page.getByRole('textbox', { name: 'Follow-up message' }).fill('Also document the controls [scenario:write-file]');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(detail.steps.getByLabel('Commit')).toHaveCount(2, { timeout: 20_000 });
  await expect(detail.status).toHaveText('Completed');
  expect(commitSubjects('alice', 'sample-game', branch)[0]).toContain('(turn 2)');

  await page.getByRole('button', { name: 'Create pull request' }).click();
  await expect(page.getByTestId('pr-state')).toHaveText('open');

  await page.getByRole('link', { name: 'Open in workspace' }).click();
  await new WorkspaceHeader(page).expectBranch('alice', 'sample-game', branch);
});

test('cancel stops a running agent without committing; trash and restore it', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const agents = new AgentsPage(page);
  const task = `Cancel me ${Date.now()} [scenario:slow-edit]`;
  await agents.start(task);
  const detail = new AgentDetail(page);
  await expect(detail.status).toHaveText('Running');
  await expect(detail.steps.getByLabel('Agent')).toContainText('I changed the title');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(detail.status).toHaveText('Cancelled');
  await expect(detail.steps.getByLabel('Commit')).toHaveCount(0);
  const branch = (await page.getByText(/^agent\/cancel-me/).first().textContent())!.trim();
  expect(commitSubjects('alice', 'sample-game', branch)[0]).not.toContain('Agent:');

  await page.getByRole('link', { name: 'Agents', exact: true }).click();
  await expect(agents.row(task)).toContainText('Cancelled');
  await agents.row(task).getByRole('button', { name: /Move .* to the trash/ }).click();
  await expect(agents.row(task)).toHaveCount(0);
  await page.getByRole('link', { name: 'Trash' }).click();
  await agents.row(task).getByRole('button', { name: 'Restore' }).click();
  await expect(agents.row(task)).toHaveCount(0);
  await page.getByRole('link', { name: 'Back to agents' }).click();
  await expect(agents.row(task)).toBeVisible();

  await page.getByRole('searchbox', { name: 'Search agents' }).fill('no agent is called this');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText('No agents match “no agent is called this”')).toBeVisible();
});

test('the list shows a new agent and its status changes without a reload', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  await page.goto('/agents');
  const agents = new AgentsPage(page);
  const task = `Listed live ${Date.now()} [scenario:slow-edit]`;
  // Started from another tab: this one only listens.
  const other = await page.context().newPage();
  await new AgentsPage(other).start(task);
  await expect(agents.row(task)).toContainText('Running');
  await expect(agents.row(task)).toContainText('Completed', { timeout: 30_000 });
  await other.close();
});

test("another user cannot see or stream someone else's agent", async ({ page, browser }) => {
  await new SignInFlow(page).signIn('alice');
  const id = await new AgentsPage(page).start(`Secret task ${Date.now()}`);

  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await new SignInFlow(bob).signIn('bob');
  expect((await bob.goto(`/agents/${id}`))?.status()).toBe(404);
  for (const path of [`/api/agents/${id}`, `/api/agents/${id}/stream`, `/api/agents/${id}/messages`]) {
    const response = await bob.request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'That agent does not exist, or it is not yours.' } });
  }
  expect((await bob.request.post(`/api/agents/${id}/cancel`)).status()).toBe(404);
  await bobContext.close();
});

test('an agent waiting behind the running limit has no branch to open yet; its links appear once it has committed', async ({ page }) => {
  test.setTimeout(120_000);
  await new SignInFlow(page).signIn('bob');
  // Three running agents of bob's fill his limit (AGENT_PER_USER_LIMIT, 3), so the next one waits.
  const running: string[] = [];
  for (let i = 0; i < 3; i++) {
    const response = await page.request.post('/api/agents', {
      data: { owner: 'alice', repo: 'sample-game', baseBranch: 'main', taskRequest: `Keep busy ${i} ${Date.now()} [scenario:slow-edit]` },
    });
    expect(response.status()).toBe(201);
    running.push(((await response.json()) as { agent: { id: string } }).agent.id);
  }
  await expect
    .poll(async () => Promise.all(running.map(async (id) => ((await (await page.request.get(`/api/agents/${id}`)).json()) as { agent: { status: string } }).agent.status)), { timeout: 20_000 })
    .toEqual(['running', 'running', 'running']);

  await new AgentsPage(page).start(`Waits its turn ${Date.now()} [scenario:slow-edit]`);
  const detail = new AgentDetail(page);
  await expect(detail.status).toHaveText('Queued');
  await expect(page.getByText('No branch yet: the agent makes it when its first turn runs.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open in workspace' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Create pull request' })).toHaveCount(0);

  await expect(detail.steps.getByLabel('Commit')).toHaveCount(1, { timeout: 90_000 });
  await expect(page.getByRole('link', { name: 'Open in workspace' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create pull request' })).toBeVisible();
  await expect(page.getByText('No branch yet: the agent makes it when its first turn runs.')).toHaveCount(0);
});
