import { expect, type Request, test } from '@playwright/test';
import { AgentDetail, AgentsNav, AgentsPage, AttemptsComparison } from './pages/agents';
import { SignInFlow } from './pages/sign-in';
import { git, openPullRequestsFrom } from './support/github';

type AttemptsView = { attempts: Array<{ agent: { id: string; branch: string; attemptIndex: number } }> };

test('three attempts run side by side; "Use this one" opens one pull request and trashes the other two', async ({ page, browser }) => {
  test.setTimeout(150_000);
  await new SignInFlow(page).signIn('alice');
  const agents = new AgentsPage(page);
  const task = `Three ways to document the controls ${Date.now()} [scenario:write-file]`;
  const group = await agents.startAttempts(task, 3);

  // Asked right after starting, not on page load.
  const offer = page.getByRole('region', { name: 'Agent notifications' });
  await expect(offer.getByRole('button', { name: 'Turn on notifications' })).toBeVisible();
  await offer.getByRole('button', { name: 'Not now' }).click();
  await expect(offer).toHaveCount(0);

  const comparison = new AttemptsComparison(page);
  await expect(comparison.columns).toHaveCount(3);
  // Live: the columns go from queued/running to completed, with their diffs, without a reload.
  for (const index of [1, 2, 3]) {
    await expect(comparison.column(index).getByTestId('agent-status')).toHaveText('Completed', { timeout: 60_000 });
    await expect(comparison.column(index).getByRole('list', { name: 'Changed files' })).toContainText('docs/CONTROLS.md');
    await expect(comparison.column(index).getByTestId('attempt-files')).toHaveText('1');
  }
  const { attempts } = (await (await page.request.get(`/api/agents/attempts/${group}`)).json()) as AttemptsView;
  const branches = new Map(attempts.map(({ agent }) => [agent.attemptIndex, agent]));
  expect(new Set(attempts.map(({ agent }) => agent.branch)).size).toBe(3);
  // All three started from the same commit of main.
  const bases = attempts.map(({ agent }) => git('alice', 'sample-game', 'merge-base', 'refs/heads/main', `refs/heads/${agent.branch}`).trim());
  expect(new Set(bases).size).toBe(1);

  // Someone who cannot control these agents cannot choose among them.
  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await new SignInFlow(bob).signIn('bob');
  const refused = await bob.request.post(`/api/agents/attempts/${group}/choose`, { data: { agentId: branches.get(2)!.id } });
  expect(refused.status()).toBe(404);
  expect(await bob.goto(`/agents/attempts/${group}`).then((response) => response?.status())).toBe(404);
  await bobContext.close();

  await comparison.column(2).getByRole('button', { name: /Use this one/ }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Use attempt 2?' });
  await expect(confirm).toContainText('moves attempts 1 and 3 to the trash');
  await confirm.getByRole('button', { name: 'Keep comparing' }).click();
  await expect(confirm).toHaveCount(0);
  await comparison.column(2).getByRole('button', { name: /Use this one/ }).click();
  await confirm.getByRole('button', { name: 'Open pull request' }).click();

  await expect(page).toHaveURL(new RegExp(`/agents/${branches.get(2)!.id}$`));
  await expect(page.getByTestId('pr-state')).toHaveText('open');
  for (const [index, agent] of branches) {
    const pulls = await openPullRequestsFrom('alice', { owner: 'alice', repo: 'sample-game', branch: agent.branch });
    expect(pulls, `attempt ${index}`).toHaveLength(index === 2 ? 1 : 0);
  }

  // The chosen attempt links back to its comparison, which now holds it alone.
  await page.getByRole('link', { name: 'Compare attempts' }).click();
  await expect(comparison.columns).toHaveCount(1);
  await expect(comparison.column(2)).toContainText('PR #');

  await page.goto('/agents?trash=1');
  await expect(agents.row(task)).toHaveCount(2);
  await page.goto('/agents');
  await expect(agents.row(task)).toHaveCount(1);
  await expect(agents.row(task).getByRole('link', { name: 'Compare attempts' })).toHaveAttribute('href', `/agents/attempts/${group}`);
});

test('a finished agent raises a browser notification and a badge on Agents, under "Needs you" until it is viewed', async ({ page, context }) => {
  test.setTimeout(90_000);
  await context.grantPermissions(['notifications']);
  // The page's notifications, as the app raised them (headless Chromium shows none).
  await context.addInitScript(() => {
    const Original = window.Notification;
    const shown: Array<{ title: string; body?: string }> = [];
    class Recorded extends Original {
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, body: options?.body });
        super(title, options);
      }
    }
    Object.defineProperty(Recorded, 'permission', { get: () => Original.permission });
    Object.assign(window, { Notification: Recorded, shownNotifications: shown });
  });
  await new SignInFlow(page).signIn('alice');
  const nav = new AgentsNav(page);
  const agents = new AgentsPage(page);
  await page.goto('/agents');
  await expect(agents.list.first().or(page.getByText('No agents yet'))).toBeVisible();
  const before = await nav.count();

  // Started elsewhere (another tab, the API): this page only listens.
  const task = `Tell me when done ${Date.now()} [scenario:write-file]`;
  const started = await page.request.post('/api/agents', { data: { owner: 'alice', repo: 'sample-game', baseBranch: 'main', taskRequest: task } });
  expect(started.status()).toBe(201);

  await expect(agents.needsYou.getByRole('listitem').filter({ hasText: task })).toContainText('Completed', { timeout: 60_000 });
  await expect(nav.badge).toHaveText(new RegExp(`^${before + 1} agents? needs? you$`));
  await expect(nav.link).toHaveAccessibleDescription(new RegExp(`^${before + 1} agents? needs? you$`));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { shownNotifications: unknown[] }).shownNotifications))
    .toContainEqual({ title: 'Agent finished', body: task });
  // With the permission granted there is nothing to ask.
  await expect(page.getByRole('button', { name: 'Turn on notifications' })).toHaveCount(0);

  await agents.needsYou.getByRole('link', { name: task }).click();
  await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);
  await expect(new AgentDetail(page).status).toHaveText('Completed');
  await expect.poll(() => nav.count()).toBe(before);
  await nav.link.click();
  await expect(agents.row(task)).toBeVisible();
  await expect(agents.needsYou.getByRole('listitem').filter({ hasText: task })).toHaveCount(0);
});

test("a person's tabs share one agents stream, and another tab takes it over when the one holding it closes", async ({ page, context }) => {
  test.setTimeout(120_000);
  // Agents streams open at this moment, per tab (a stream the browser reconnects counts once).
  const streamsOpen = new Map<unknown, number>();
  const count = (request: Request, change: number) => {
    if (new URL(request.url()).pathname !== '/api/agents/stream') return;
    const tab = request.frame().page();
    streamsOpen.set(tab, (streamsOpen.get(tab) ?? 0) + change);
  };
  context.on('request', (request) => count(request, 1));
  context.on('requestfinished', (request) => count(request, -1));
  context.on('requestfailed', (request) => count(request, -1));
  const open = () => [...streamsOpen.values()].reduce((total, streams) => total + streams, 0);
  // Signing in lands on the agent list, whose tab then holds the stream, before the second tab opens.
  await new SignInFlow(page).signIn('alice');
  await expect.poll(() => streamsOpen.get(page) ?? 0).toBe(1);
  const second = await context.newPage();
  await second.goto('/agents');
  const [first, other] = [new AgentsPage(page), new AgentsPage(second)];
  for (const agents of [first, other]) await expect(agents.list.first().or(agents.page.getByText('No agents yet'))).toBeVisible();
  // The second tab has hydrated and waits for the stream's lock: it listens to the first tab's relay from now on.
  await expect.poll(() => second.evaluate(async () => (await navigator.locks.query()).pending?.length ?? 0)).toBe(1);

  const finishes = async (task: string, tabs: AgentsPage[]) => {
    const started = await second.request.post('/api/agents', { data: { owner: 'alice', repo: 'sample-game', baseBranch: 'main', taskRequest: task } });
    expect(started.status()).toBe(201);
    for (const agents of tabs) await expect(agents.needsYou.getByRole('listitem').filter({ hasText: task })).toContainText('Completed', { timeout: 60_000 });
  };
  // Both tabs follow the agent live, over the one stream the first tab opened.
  await finishes(`Shared stream ${Date.now()} [scenario:write-file]`, [first, other]);
  expect(open()).toBe(1);
  expect(streamsOpen.get(second) ?? 0).toBe(0);

  await page.close();
  await expect.poll(() => streamsOpen.get(second) ?? 0).toBe(1);
  await finishes(`Taken over ${Date.now()} [scenario:write-file]`, [other]);
});

test('attempts out of range or over the running limit are refused with a clear 4xx, and nothing starts', async ({ page }) => {
  await new SignInFlow(page).signIn('alice');
  const task = `Refused attempts ${Date.now()}`;
  const start = (attempts: unknown) =>
    page.request.post('/api/agents/attempts', { data: { owner: 'alice', repo: 'sample-game', baseBranch: 'main', taskRequest: task, attempts } });

  for (const [attempts, message] of [
    [0, 'attempts: Run at least 1 attempt.'],
    [5, 'attempts: Run at most 4 attempts.'],
    [2.5, 'attempts: Attempts are a whole number.'],
    ['3', 'attempts: Say how many attempts to run.'],
  ] as const) {
    const response = await start(attempts);
    expect(response.status(), String(attempts)).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'validation_failed', message: `Invalid input: ${message}` } });
  }
  // AGENT_PER_USER_LIMIT is 3 in the e2e server: four attempts could never run at once.
  const overLimit = await start(4);
  expect(overLimit.status()).toBe(422);
  expect(await overLimit.json()).toEqual({ error: { code: 'unprocessable', message: 'You can run 3 agents at once, so at most 3 attempts; choose fewer.' } });

  const listed = (await (await page.request.get(`/api/agents?q=${encodeURIComponent(task)}`)).json()) as { agents: unknown[] };
  expect(listed.agents).toEqual([]);
  expect(git('alice', 'sample-game', 'for-each-ref', '--format=%(refname)', 'refs/heads/agent/').split('\n').filter((ref) => ref.includes('refused-attempts'))).toEqual([]);

  // And in the form, the same refusal is shown in words.
  await page.goto('/agents?new=1');
  const form = page.getByRole('form', { name: 'New agent' });
  await form.getByRole('textbox', { name: 'Task' }).fill(task);
  await form.getByRole('combobox', { name: 'Repository' }).selectOption('alice/sample-game');
  await expect(form.getByRole('combobox', { name: 'Base branch' })).toHaveValue('main');
  await form.getByRole('combobox', { name: 'Attempts' }).selectOption('4');
  await form.getByRole('button', { name: 'Start 4 attempts' }).click();
  await expect(form.getByRole('alert')).toHaveText('You can run 3 agents at once, so at most 3 attempts; choose fewer.');
  await expect(page).toHaveURL(/\/agents\?new=1$/);
});
