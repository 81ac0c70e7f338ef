import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { secondInstanceURL } from '../playwright.config';
import { CodeEditorPage } from './pages/code-editor';
import { CollabBar, RemoteCursors } from './pages/collab';
import { SignInFlow } from './pages/sign-in';
import { workspaceUrl } from './pages/workspace';

/**
 * Two people on one branch, each served by a different app instance on the same database: Alice by
 * the first (baseURL), Bob by the second (secondInstanceURL). Everything between them crosses
 * PostgreSQL's LISTEN/NOTIFY.
 */
const owner = 'alice';
const repo = 'sample-game';
const README_LINE_3 = "A tiny platformer used as the sample repository of WebEDT's local forge (the GitHub emulator).";

/** A branch of its own for each test, created as the branch picker does. */
async function newBranch(page: Page): Promise<string> {
  const branch = `collab/${Math.random().toString(36).slice(2, 8)}`;
  const created = await page.request.post('/api/github/branches', { data: { owner, repo, baseBranch: 'main', newBranch: branch } });
  expect(created.status()).toBe(201);
  return branch;
}

/** Logs an event the way an editor does after a commit or upload; returns its id. */
async function logEvent(request: APIRequestContext, url: string, branch: string, event: Record<string, unknown>): Promise<string> {
  const response = await request.post(url, { data: { owner, repo, branch, ...event } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { event: { id: string } }).event.id;
}

test('two people on two app instances see each other, where they are, their cursors and what they do', async ({ page: alice, browser }) => {
  // One 30 s wait for the offline threshold is part of this test.
  test.setTimeout(90_000);
  await new SignInFlow(alice).signIn('alice');
  const branch = await newBranch(alice);
  const bobContext = await browser.newContext({ baseURL: secondInstanceURL });
  const bob = await bobContext.newPage();
  await new SignInFlow(bob).signIn('bob');

  const aliceBar = new CollabBar(alice);
  const bobBar = new CollabBar(bob);
  await alice.goto(workspaceUrl(owner, repo, branch, 'code'));
  await expect(aliceBar.status).toHaveText('Live');
  await bob.goto(workspaceUrl(owner, repo, branch, 'images'));
  await expect(bobBar.status).toHaveText('Live');

  // Presence: each sees the other within a second, with the page they are on.
  await expect(aliceBar.person('Bob Brown', 'Images')).toBeVisible({ timeout: 1_000 });
  await expect(bobBar.person('Alice Anderson', 'Code')).toBeVisible({ timeout: 1_000 });
  await bob.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Code', exact: true }).click();
  // Within a second of Bob's code tab being on screen (loading the tab itself is not presence).
  await expect(bob.getByRole('tree', { name: 'Files' })).toBeVisible();
  await expect(aliceBar.person('Bob Brown', 'Code')).toBeVisible({ timeout: 1_000 });
  await expect(aliceBar.people.getByRole('listitem')).toHaveCount(1);

  // Activity: the history, then what Bob does, live on Alice's instance.
  await aliceBar.openActivity();
  await expect(aliceBar.activity.getByRole('listitem').first()).toContainText(`Alice Anderson created branch ${branch} from main`);
  await logEvent(bob.request, '/api/workspace/events', branch, {
    type: 'file_edit',
    page: 'code',
    path: 'notes.txt',
    payload: { paths: ['notes.txt', 'src/main.lua', 'README.md'] },
  });
  await expect(aliceBar.activity.getByRole('listitem').first()).toContainText('Bob Brown edited 3 files');
  await expect(aliceBar.activity.getByRole('listitem').first()).toContainText('just now');

  // Cursors: in the code editor, Bob selects line 3 of README.md; Alice sees his caret and selection, named.
  await alice.goto(workspaceUrl(owner, repo, branch, 'code'));
  await bob.goto(workspaceUrl(owner, repo, branch, 'code'));
  const aliceCode = new CodeEditorPage(alice);
  const bobCode = new CodeEditorPage(bob);
  await aliceCode.openFile('README.md');
  await bobCode.openFile('README.md');
  const aliceCursors = new RemoteCursors(alice);
  const bobCursors = new RemoteCursors(bob);
  await bobCursors.line(3).click();
  await bob.keyboard.press('Home');
  await bob.keyboard.press('Shift+End');
  await expect(aliceCursors.line(3).locator(aliceCursors.remoteCaret('Bob Brown'))).toHaveText('Bob Brown');
  await expect(aliceCursors.remoteSelection('Bob Brown')).toHaveText(README_LINE_3);
  await bobCursors.line(5).click();
  await expect(aliceCursors.line(5).locator(aliceCursors.remoteCaret('Bob Brown'))).toBeVisible();
  await expect(aliceCursors.remoteSelection('Bob Brown')).toHaveCount(0);
  await expect(bobCursors.line(5).locator('.cm-remote-caret')).toHaveCount(0);

  // Bob commits a change to the open file: Alice is offered a reload, which shows his text; Bob is not bothered.
  await bobCode.appendLine('README.md', 'A line from Bob.');
  await bobCode.commit('Bob edits the README');
  await expect(aliceCursors.changedNotice).toContainText('Bob Brown edited README.md');
  await aliceCursors.changedNotice.getByRole('button', { name: 'Reload' }).click();
  await expect(aliceCode.editor('README.md')).toContainText('A line from Bob.');
  await expect(aliceCursors.changedNotice).toBeHidden();
  await expect(bobCursors.changedNotice).toBeHidden();

  // Closing Bob's browser: he stays listed until his last heartbeat is 30 s old, then disappears.
  await alice.goto(workspaceUrl(owner, repo, branch, 'sounds'));
  await expect(aliceBar.person('Bob Brown', 'Code')).toBeVisible();
  await bobContext.close();
  const closedAt = Date.now();
  await expect(aliceBar.person('Bob Brown', 'Code')).toBeHidden({ timeout: 45_000 });
  // Bob's last heartbeat was at most 10 s before he left.
  expect(Date.now() - closedAt).toBeGreaterThan(19_000);
  await expect(aliceBar.status).toHaveText('Live');
});

test('when the connection drops, the state shows, polling takes over, and the stream resumes with nothing missed or repeated', async ({
  page,
  context,
}) => {
  await new SignInFlow(page).signIn('alice');
  const branch = await newBranch(page);
  const bar = new CollabBar(page);
  await page.goto(workspaceUrl(owner, repo, branch, 'code'));
  await expect(bar.status).toHaveText('Live');
  await bar.openActivity();
  // Events are logged through the OTHER app instance (the session cookie is valid on both).
  const logOnSecond = (path: string) => logEvent(page.request, `${secondInstanceURL}/api/workspace/events`, branch, { type: 'image_upload', page: 'images', path });
  const feed = bar.activity.getByRole('listitem');

  await context.setOffline(true);
  await expect(bar.status).toHaveText('Offline');
  await logOnSecond('images/while-offline.png');

  // Back online, but the stream cannot get through: the poll brings the events in meanwhile.
  const streamRequests: string[] = [];
  await page.route('**/api/workspace/events/stream?**', (route) => {
    streamRequests.push(route.request().url());
    return route.abort();
  });
  await context.setOffline(false);
  await expect(bar.status).toHaveText('Reconnecting…');
  await expect(feed.filter({ hasText: 'Alice Anderson uploaded while-offline.png' })).toHaveCount(1);
  const lastBeforeResume = await logOnSecond('images/while-reconnecting.png');
  await expect(feed.filter({ hasText: 'uploaded while-reconnecting.png' })).toHaveCount(1, { timeout: 8_000 });
  await expect(bar.status).toHaveText('Reconnecting…');

  await page.unroute('**/api/workspace/events/stream?**');
  const resumed = page.waitForRequest((request) => request.url().includes('/api/workspace/events/stream?'), { timeout: 20_000 });
  expect(new URL((await resumed).url()).searchParams.get('lastEventId')).toBe(lastBeforeResume);
  await expect(bar.status).toHaveText('Live');
  expect(streamRequests.length).toBeGreaterThanOrEqual(1);

  await logOnSecond('images/after-resume.png');
  await expect(feed.filter({ hasText: 'uploaded after-resume.png' })).toHaveCount(1);
  await expect(feed).toHaveCount(4);
  await expect(feed).toHaveText([
    /uploaded after-resume\.png/,
    /uploaded while-reconnecting\.png/,
    /uploaded while-offline\.png/,
    /created branch/,
  ]);
});
