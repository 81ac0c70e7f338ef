import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { secondInstanceURL } from '../playwright.config';
import { CodeEditorPage } from './pages/code-editor';
import { CollabBar, RemoteCursors } from './pages/collab';
import { SignInFlow } from './pages/sign-in';
import { workspaceUrl } from './pages/workspace';
import { startExtraInstance } from './support/instance';

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

/** Leaves a note on the branch's activity log (what anyone who can read it may post); returns its id. */
async function postNote(request: APIRequestContext, url: string, branch: string, note: { text: string; page?: string; path?: string }): Promise<string> {
  const { text, ...where } = note;
  const response = await request.post(url, { data: { owner, repo, branch, type: 'note', ...where, payload: { text } } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { event: { id: string } }).event.id;
}

test('two people on two app instances see each other, where they are, their cursors and what they do', async ({ page: alice, browser }) => {
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
  await postNote(bob.request, '/api/workspace/events', branch, { text: 'Starting on the jump height', page: 'code', path: 'src/main.lua' });
  await expect(aliceBar.activity.getByRole('listitem').first()).toContainText('Bob Brown on src/main.lua: Starting on the jump height');
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

  // Bob reloads: his stream closes and reopens within the grace period, so Alice never sees him leave.
  await alice.goto(workspaceUrl(owner, repo, branch, 'sounds'));
  await expect(aliceBar.person('Bob Brown', 'Code')).toBeVisible();
  await alice.evaluate(() => {
    const seen = window as unknown as { bobLeft?: boolean };
    seen.bobLeft = false;
    new MutationObserver(() => {
      if (!document.querySelector('[aria-label="Bob Brown — Code"]')) seen.bobLeft = true;
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await bob.reload();
  await expect(bobBar.status).toHaveText('Live');
  // Past the grace period (5 s) of the closed stream, as Alice's tab saw it.
  await alice.waitForTimeout(7_000);
  expect(await alice.evaluate(() => (window as unknown as { bobLeft?: boolean }).bobLeft)).toBe(false);

  // Closing Bob's browser closes his stream: after the grace period he is offline.
  await bobContext.close();
  await expect(aliceBar.person('Bob Brown', 'Code')).toBeHidden({ timeout: 15_000 });
  await expect(aliceBar.status).toHaveText('Live');
});

test('a tab whose stream is live sends no heartbeats and no polls; it sends presence when the cursor moves', async ({ page }) => {
  test.setTimeout(90_000);
  await new SignInFlow(page).signIn('alice');
  const branch = await newBranch(page);
  const sent: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/workspace/') && url.pathname !== '/api/workspace/events/stream') sent.push(`${request.method()} ${url.pathname}`);
  });
  const bar = new CollabBar(page);
  await page.goto(workspaceUrl(owner, repo, branch, 'code'));
  await expect(bar.status).toHaveText('Live');
  const code = new CodeEditorPage(page);
  await code.openFile('README.md');
  await expect.poll(() => sent.filter((request) => request === 'PUT /api/workspace/presence').length).toBeGreaterThan(0);

  // Idle for longer than two of the old 10 s heartbeats and polls: nothing is sent.
  const before = sent.length;
  await page.waitForTimeout(25_000);
  expect(sent.slice(before)).toEqual([]);
  await expect(bar.status).toHaveText('Live');

  await new RemoteCursors(page).line(3).click();
  await expect.poll(() => sent.slice(before)).toContain('PUT /api/workspace/presence');
});

test('stopping an app instance shows its people offline within 30 s', async ({ page: alice, browser }) => {
  test.setTimeout(180_000);
  const extra = await startExtraInstance();
  try {
    await new SignInFlow(alice).signIn('alice');
    const branch = await newBranch(alice);
    const bobContext = await browser.newContext({ baseURL: secondInstanceURL });
    const bob = await bobContext.newPage();
    await new SignInFlow(bob).signIn('bob');
    // The session cookie belongs to the host, so Bob is signed in on the extra instance too.
    await bob.goto(`${extra.url}${workspaceUrl(owner, repo, branch, 'images')}`);
    await expect(new CollabBar(bob).status).toHaveText('Live');

    const aliceBar = new CollabBar(alice);
    await alice.goto(workspaceUrl(owner, repo, branch, 'code'));
    await expect(aliceBar.person('Bob Brown', 'Images')).toBeVisible();

    await extra.stop();
    // Bob's last heartbeat (his stream, kept alive by that instance every 10 s) is at most 10 s old now,
    // so it turns 30 s old within 30 s; the other instances' sweep (every 2 s) then tells Alice.
    await expect(aliceBar.person('Bob Brown', 'Images')).toBeHidden({ timeout: 35_000 });
    await expect(aliceBar.status).toHaveText('Live');
    await bobContext.close();
  } finally {
    extra.kill();
  }
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
  // Notes are posted through the OTHER app instance (the session cookie is valid on both).
  const logOnSecond = (text: string) => postNote(page.request, `${secondInstanceURL}/api/workspace/events`, branch, { text, page: 'images' });
  const feed = bar.activity.getByRole('listitem');

  await context.setOffline(true);
  await expect(bar.status).toHaveText('Offline');
  await logOnSecond('note while-offline');

  // Back online, but the stream cannot get through: the poll brings the events in meanwhile.
  const streamRequests: string[] = [];
  await page.route('**/api/workspace/events/stream?**', (route) => {
    streamRequests.push(route.request().url());
    return route.abort();
  });
  await context.setOffline(false);
  await expect(bar.status).toHaveText('Reconnecting…');
  await expect(feed.filter({ hasText: 'Alice Anderson: note while-offline' })).toHaveCount(1);
  const lastBeforeResume = await logOnSecond('note while-reconnecting');
  await expect(feed.filter({ hasText: 'note while-reconnecting' })).toHaveCount(1, { timeout: 8_000 });
  await expect(bar.status).toHaveText('Reconnecting…');

  await page.unroute('**/api/workspace/events/stream?**');
  const resumed = page.waitForRequest((request) => request.url().includes('/api/workspace/events/stream?'), { timeout: 20_000 });
  expect(new URL((await resumed).url()).searchParams.get('lastEventId')).toBe(lastBeforeResume);
  await expect(bar.status).toHaveText('Live');
  expect(streamRequests.length).toBeGreaterThanOrEqual(1);

  await logOnSecond('note after-resume');
  await expect(feed.filter({ hasText: 'note after-resume' })).toHaveCount(1);
  await expect(feed).toHaveCount(4);
  await expect(feed).toHaveText([
    /note after-resume/,
    /note while-reconnecting/,
    /note while-offline/,
    /created branch/,
  ]);
});
