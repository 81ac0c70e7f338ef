import AxeBuilder from '@axe-core/playwright';
import { type APIResponse, expect, type Page, test } from '@playwright/test';
import { NewAgentOptions, PlanPanel } from './pages/agent-options';
import { AgentDetail, AgentsPage } from './pages/agents';
import { SignInFlow } from './pages/sign-in';
import { pullRequestAs } from './support/github';
import { forgeGit } from './support/forge';

/** Agent options: start from a GitHub issue of the repository; plan first, then work from the approved plan. */

async function expectError(response: APIResponse, status: number, code: string) {
  expect(response.status()).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
}

/** axe-core's violations within one part of the page (the whole pages are audited by accessibility.spec.ts). */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  return (await new AxeBuilder({ page }).include(selector).analyze()).violations.map((violation) => `${violation.id}: ${violation.help}`);
}

test('an agent started from an issue works on it and its pull request says Fixes #N', async ({ page }) => {
  test.setTimeout(90_000);
  await new SignInFlow(page).signIn('alice');
  const form = new NewAgentOptions(page);
  await form.open('alice/hello-world');
  await expect(form.form.getByText('alice/hello-world has no open issues.')).toBeVisible();
  await form.form.getByRole('combobox', { name: 'Repository' }).selectOption('alice/sample-game');
  const issues = form.form.getByRole('radiogroup', { name: 'Issues' });
  // Open issues only (not the closed #3), searchable.
  await expect(issues.getByRole('radio')).toHaveCount(4);
  await expect(issues).not.toContainText('Crash when the last level ends');
  await form.form.getByRole('searchbox', { name: 'Search issues' }).fill('nothing like this');
  await expect(issues).toContainText('No open issue matches “nothing like this”.');
  await form.form.getByRole('searchbox', { name: 'Search issues' }).fill('');
  expect(await axeViolations(page, 'form[aria-label="New agent"]')).toEqual([]);
  await form.pickIssue('keyboard', 'Document the keyboard controls');
  const instructions = `Keep it short ${Date.now()} [scenario:write-file]`;
  await form.form.getByRole('textbox', { name: 'Instructions for #1 (optional)' }).fill(instructions);
  const id = await form.submit();

  await expect(page.getByRole('link', { name: '#1 Document the keyboard controls' })).toBeVisible();
  const detail = new AgentDetail(page);
  await expect(detail.steps.getByLabel('Your message').first()).toContainText('New players do not know which keys move');
  await expect(detail.status).toHaveText('Completed', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Create pull request' }).click();
  const prLink = page.getByRole('link', { name: /^PR #\d+/ });
  await expect(prLink).toBeVisible();
  const number = Number(/PR #(\d+)/.exec((await prLink.textContent())!)![1]);
  const pull = await pullRequestAs('alice', 'alice', 'sample-game', number);
  expect(pull.body).toMatch(/^Fixes #1\n/);

  await page.getByRole('link', { name: 'Agents', exact: true }).click();
  const row = new AgentsPage(page).list.locator(`[data-agent-id="${id}"]`);
  await expect(row.getByRole('link', { name: '#1 Document the keyboard controls' })).toBeVisible();
});

test('a plan-first agent waits with its plan; the edited plan is approved and the work follows it', async ({ page, browser }) => {
  test.setTimeout(90_000);
  await new SignInFlow(page).signIn('alice');
  const form = new NewAgentOptions(page);
  await form.open();
  await form.form.getByRole('textbox', { name: 'Task' }).fill(`Document the controls ${Date.now()} [scenario:plan-controls]`);
  await form.form.getByRole('checkbox', { name: /Plan first/ }).check();
  const id = await form.submit();

  const detail = new AgentDetail(page);
  const plan = new PlanPanel(page);
  await expect(detail.status).toHaveText('Waiting for you', { timeout: 30_000 });
  await expect(plan.proposed).toContainText('docs/CONTROLS.md');
  await expect(detail.steps.getByLabel('Commit')).toHaveCount(0);

  // Someone else cannot approve it: 404, as for every other action on someone else's agent, and it keeps waiting.
  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await new SignInFlow(bob).signIn('bob');
  await expectError(await bob.request.post(`/api/agents/${id}/plan`, { data: { plan: 'Delete everything' } }), 404, 'not_found');
  await bobContext.close();
  expect(((await (await page.request.get(`/api/agents/${id}`)).json()) as { agent: { status: string } }).agent.status).toBe('waiting');

  expect(await axeViolations(page, 'section[aria-labelledby="plan-heading"]')).toEqual([]);
  await plan.edit('3. Mention the pause key (Escape).');
  expect(await axeViolations(page, 'section[aria-labelledby="plan-heading"]')).toEqual([]);
  await plan.approveEdited();
  await expect(detail.status).toHaveText('Completed', { timeout: 30_000 });
  await expect(detail.steps.getByLabel('Commit')).toContainText('docs/CONTROLS.md');
  await page.getByText('Approved plan', { exact: true }).click();
  await expect(page.getByLabel('Approved plan')).toContainText('Mention the pause key');
  // The scenario writes the file only when the approved plan in the model's instructions carries the edit.
  const branch = ((await (await page.request.get(`/api/agents/${id}`)).json()) as { agent: { branch: string } }).agent.branch;
  expect(forgeGit('alice', 'sample-game', 'show', `refs/heads/${branch}:docs/CONTROLS.md`)).toContain('| Escape | Pause |');

  // Approving again (the agent no longer waits) is a conflict, and starts nothing.
  await expectError(await page.request.post(`/api/agents/${id}/plan`, { data: { plan: 'Again' } }), 409, 'conflict');
  expect(((await (await page.request.get(`/api/agents/${id}`)).json()) as { agent: { status: string } }).agent.status).toBe('completed');
});

test('bad agent options are refused with a clear 4xx and create nothing', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const count = async () => ((await (await page.request.get('/api/agents')).json()) as { agents: unknown[] }).agents.length;
  const before = await count();
  const create = (data: Record<string, unknown>) => page.request.post('/api/agents', { data: { owner: 'alice', repo: 'sample-game', baseBranch: 'main', ...data } });
  await expectError(await create({ issueNumber: 999 }), 404, 'not_found');
  await expectError(await create({ issueNumber: 3 }), 422, 'unprocessable');
  await expectError(await create({ issueNumber: -1 }), 400, 'validation_failed');
  await expectError(await create({ issueNumber: '1' }), 400, 'validation_failed');
  await expectError(await create({ planFirst: true }), 400, 'validation_failed');
  expect(await count()).toBe(before);

  // A plain agent never waits for a plan: approving it is a conflict.
  const plain = (await (await create({ taskRequest: `Plain ${Date.now()} [scenario:plain-text]` })).json()) as { agent: { id: string } };
  await expectError(await page.request.post(`/api/agents/${plain.agent.id}/plan`, { data: { plan: 'A plan' } }), 409, 'conflict');
  await expectError(await page.request.post(`/api/agents/${plain.agent.id}/plan`, { data: { plan: '   ' } }), 400, 'validation_failed');
});
