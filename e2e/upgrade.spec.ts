import { expect, test } from '@playwright/test';
import { legacySessionId } from '../emulators/previous-server/database';
import { AgentsPage } from './pages/agents';
import { SignInFlow } from './pages/sign-in';

// The e2e server upgrades a database of the previous WebEDT server on start (playwright.config.ts). Its
// legacy-user-1 has dave's GitHub id and owns its sessions 6 and 12; the other sessions are other people's.
const task = (i: number) => `Legacy task ${i}: fix the greeting — ünïcödé`;

test('signing in with the GitHub account of a legacy user brings their sessions as agents; old links open them', async ({ page }) => {
  await new SignInFlow(page).signIn('dave');
  const agents = new AgentsPage(page);
  await expect(agents.row(task(6))).toBeVisible();
  await expect(agents.row(task(12))).toBeVisible();
  await expect(agents.list.getByRole('listitem')).toHaveCount(2);

  await page.goto(`/sessions/${legacySessionId(6)}`);
  await expect(page).toHaveURL(new RegExp(`/agents/${legacySessionId(6)}$`));
  await expect(page.getByText(task(6))).toBeVisible();
  await expect(page.getByText('Message 2 of legacy task 6')).toBeVisible();
});
