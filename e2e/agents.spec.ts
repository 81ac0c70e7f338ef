import { expect, test } from '@playwright/test';
import { AgentDetail, AgentsPage } from './pages/agents';
import { SignInFlow } from './pages/sign-in';

test('start an agent, see it queued on its own branch, cancel it, trash and restore it', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const agents = new AgentsPage(page);
  const task = `Tidy the README ${Date.now()}`;
  const id = await agents.start(task);

  const detail = new AgentDetail(page);
  await expect(page.getByText(`Agent ID: ${id}`)).toBeVisible();
  await expect(detail.steps.getByLabel('Your message')).toHaveText(task);
  await expect(page.getByText(/agent\/tidy-the-readme-\d+-[0-9a-f]{8} from main/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open in workspace' })).toHaveAttribute('href', /\/github\/alice\/sample-game\/agent%2Ftidy-the-readme/);

  await page.getByRole('link', { name: 'Agents', exact: true }).click();
  await expect(agents.row(task)).toBeVisible();
  await agents.row(task).getByRole('link').click();
  await expect(detail.status).toHaveText('Queued');
  // The stream shows the change without a reload.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(detail.status).toHaveText('Cancelled');
  await expect(detail.steps.getByText('Cancelled.')).toBeVisible();

  await page.goto('/agents');
  await agents.row(task).getByRole('button', { name: /Move .* to the trash/ }).click();
  await expect(agents.row(task)).toHaveCount(0);
  await page.getByRole('link', { name: 'Trash' }).click();
  await expect(agents.row(task)).toBeVisible();
  await agents.row(task).getByRole('button', { name: 'Restore' }).click();
  await expect(agents.row(task)).toHaveCount(0);
  await page.getByRole('link', { name: '← Back to agents' }).click();
  await expect(agents.row(task)).toBeVisible();

  await page.getByRole('searchbox', { name: 'Search agents' }).fill('no agent is called this');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText('No agents yet')).toBeVisible();
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
