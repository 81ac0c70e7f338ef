import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { AgentDetail, AgentsPage, AttemptsComparison } from './pages/agents';
import { CodeEditorPage } from './pages/code-editor';
import { ImagesPage } from './pages/images';
import { LiveChatPage } from './pages/live-chat';
import { PreviewPage } from './pages/preview';
import { ScenesPage } from './pages/scenes';
import { SignInFlow } from './pages/sign-in';
import { SoundsPage } from './pages/sounds';
import { workspaceUrl } from './pages/workspace';
import { WorkspaceShell } from './pages/workspace-shell';

/**
 * axe-core on every page, in each colour scheme and at desktop and phone widths: 0 violations. Each test visits
 * its pages in turn and reports every page's violations at once (rule, impact, the first offending elements).
 */
const owner = 'alice';
const repo = 'sample-game';
const branch = 'main';

interface Visit {
  name: string;
  open: (page: Page) => Promise<void>;
}

/** A page reached by its address, ready once `ready` shows. */
const at = (name: string, path: string, ready: (page: Page) => Locator): Visit => ({
  name,
  open: async (page) => {
    await page.goto(path);
    await expect(ready(page)).toBeVisible();
  },
});

const signedOut: Visit[] = [
  at('landing', '/', (page) => page.getByRole('button', { name: 'Sign in with GitHub' })),
  at('sign-in', '/signin', (page) => page.getByRole('heading', { name: 'Sign in to WebEDT' })),
  at('not found', '/no-such-page', (page) => page.getByRole('heading', { name: 'Page not found' })),
];

/** Signed in as alice; `agentId` is an agent of hers that finished with a commit, `attemptGroup` two finished attempts. */
const signedIn = (agentId: string, attemptGroup: string): Visit[] => [
  at('agents', '/agents', (page) => new AgentsPage(page).list.first()),
  at('new agent', '/agents?new=1', (page) => page.getByRole('form', { name: 'New agent' })),
  {
    name: 'agent',
    open: async (page) => {
      await page.goto(`/agents/${agentId}`);
      await expect(new AgentDetail(page).status).toHaveText('Completed');
      await expect(page.getByRole('list', { name: 'Changed files' })).toBeVisible();
    },
  },
  at('attempts', `/agents/attempts/${attemptGroup}`, (page) => new AttemptsComparison(page).column(2).getByRole('list', { name: 'Changed files' })),
  at('workspace picker', '/workspace', (page) => page.getByRole('list', { name: 'Repositories' })),
  {
    name: 'code',
    open: async (page) => {
      const code = new CodeEditorPage(page);
      await page.goto(workspaceUrl(owner, repo, branch, 'code'));
      // At phone width the workspace shows one pane at a time: the files first, then the file opened from them.
      if ((page.viewportSize()?.width ?? Infinity) < 768) await new WorkspaceShell(page).pane('Files').click();
      await expect(code.tree).toBeVisible();
      await code.search.fill('README.md');
      await page.getByRole('listbox', { name: 'Matching files' }).getByRole('option', { name: /^README\.md/ }).click();
      await expect(code.editor('README.md')).toBeVisible();
    },
  },
  {
    name: 'keyboard shortcuts',
    open: async (page) => {
      await new ImagesPage(page).open(owner, repo, branch);
      await page.keyboard.press('?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    },
  },
  { name: 'images', open: (page) => new ImagesPage(page).open(owner, repo, branch) },
  { name: 'sounds', open: (page) => new SoundsPage(page).open(owner, repo, branch) },
  { name: 'scenes', open: (page) => new ScenesPage(page).open(owner, repo, branch) },
  { name: 'chat', open: (page) => new LiveChatPage(page).open(owner, repo, branch) },
  { name: 'preview', open: (page) => new PreviewPage(page).open(owner, repo, branch) },
];

/** Violations per page, as readable lines; pages without any are left out. */
async function audit(page: Page, visits: Visit[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const visit of visits) {
    await visit.open(page);
    // The previewed page is the repository's own HTML, served from another origin: not the app's to fix.
    const { violations } = await new AxeBuilder({ page }).exclude('iframe[title^="Preview"]').analyze();
    if (violations.length === 0) continue;
    found[visit.name] = violations.map(
      (violation) => `${violation.id} (${violation.impact}): ${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(' | ')}`,
    );
  }
  return found;
}

async function finishedAgent(page: Page): Promise<string> {
  const response = await page.request.post('/api/agents', {
    data: { owner, repo, baseBranch: branch, taskRequest: `Accessibility check ${Date.now()} [scenario:write-file]` },
  });
  expect(response.status()).toBe(201);
  const id = ((await response.json()) as { agent: { id: string } }).agent.id;
  await expect
    .poll(async () => ((await (await page.request.get(`/api/agents/${id}`)).json()) as { agent: { status: string } }).agent.status, { timeout: 20_000 })
    .toBe('completed');
  return id;
}

async function finishedAttempts(page: Page): Promise<string> {
  const response = await page.request.post('/api/agents/attempts', {
    data: { owner, repo, baseBranch: branch, taskRequest: `Accessibility attempts ${Date.now()} [scenario:write-file]`, attempts: 2 },
  });
  expect(response.status()).toBe(201);
  const { group } = (await response.json()) as { group: string };
  const statuses = async () =>
    ((await (await page.request.get(`/api/agents/attempts/${group}`)).json()) as { attempts: Array<{ agent: { status: string } }> }).attempts.map(
      (attempt) => attempt.agent.status,
    );
  await expect.poll(statuses, { timeout: 30_000 }).toEqual(['completed', 'completed']);
  return group;
}

const widths = [
  { name: 'desktop', viewport: { width: 1440, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

// A further colour scheme is one more entry here.
for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });
    for (const { name, viewport } of widths) {
      test.describe(`${name}, ${viewport.width} px`, () => {
        test.use({ viewport });

        test('signed-out pages have no axe violations', async ({ page }) => {
          expect(await audit(page, signedOut)).toEqual({});
        });

        test('signed-in pages have no axe violations', async ({ page }) => {
          test.setTimeout(120_000);
          await new SignInFlow(page).signIn('alice');
          const [agentId, attemptGroup] = await Promise.all([finishedAgent(page), finishedAttempts(page)]);
          expect(await audit(page, signedIn(agentId, attemptGroup))).toEqual({});
        });
      });
    }
  });
}
