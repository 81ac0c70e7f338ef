import { expect, test } from '@playwright/test';
import { secondInstanceURL } from '../playwright.config';
import { CodeEditorPage } from './pages/code-editor';
import { PreviewPage } from './pages/preview';
import { SignInFlow } from './pages/sign-in';
import { workspaceUrl } from './pages/workspace';
import { commitAs, newBranchViaApp } from './support/github';

const owner = 'alice';
const repo = 'sample-game';

test('the branch’s index.html runs in a sandboxed frame on another origin and refreshes after a commit', async ({ page, context, baseURL }) => {
  // Two pages, a commit through the code editor and the preview's refresh: about 20 s on a busy machine.
  test.setTimeout(60_000);
  await new SignInFlow(page).signIn('alice');
  const branch = await newBranchViaApp(page, 'preview');
  const preview = new PreviewPage(page);
  await preview.open(owner, repo, branch);

  const src = await preview.frameUrl();
  expect(src.origin).not.toBe(new URL(baseURL!).origin);
  expect(src.pathname).toMatch(/^\/p\/v1\.[^/]+\/$/);
  await expect(preview.iframe).toHaveAttribute('sandbox', 'allow-scripts allow-forms allow-popups');
  await expect(preview.frame.getByRole('img', { name: 'Sample Game' })).toBeVisible();
  await expect(preview.frame.getByText('Arrow keys to move, space to jump.')).toBeVisible();
  // The stylesheet came along with its type (nosniff would drop a mislabelled one), and the game's module
  // script ran, fetched the scene (cross-origin from the sandbox's opaque origin) and drew its ground.
  await expect(preview.frame.locator('body')).toHaveCSS('background-color', 'rgb(29, 36, 51)');
  const pixel = (x: number, y: number) =>
    preview.frame.locator('canvas#game').evaluate((canvas: HTMLCanvasElement, [px, py]) => [...canvas.getContext('2d')!.getImageData(px!, py!, 1, 1).data], [x, y]);
  await expect.poll(() => pixel(160, 172)).toEqual([91, 140, 58, 255]);
  // The player sprite, standing on the ground where the scene puts it (its image loaded readable: CORS from the sandbox).
  await expect.poll(() => pixel(40, 150)).not.toEqual([143, 211, 255, 255]);
  const page1 = await page.request.get(src.toString());
  expect(page1.headers()['content-security-policy']).toBe('sandbox allow-scripts allow-forms allow-popups');
  expect(page1.headers()['x-content-type-options']).toBe('nosniff');
  expect((await page.request.get(new URL('src/game.js', src).toString())).headers()['content-type']).toBe('text/javascript; charset=utf-8');

  // The second app instance (serve.ts --join, same session cookie) previews from the same preview server.
  const elsewhere = await page.request.get(`${secondInstanceURL}${workspaceUrl(owner, repo, branch, 'preview')}`);
  expect(await elsewhere.text()).toContain(`src="${src.origin}/p/v1.`);

  // Someone commits index.html in the code editor (another tab): the preview shows it by itself.
  const code = new CodeEditorPage(await context.newPage());
  await code.open(owner, repo, branch);
  await code.openFile('index.html');
  await code.appendLine('index.html', '<p id="fresh">Fresh from the branch</p>');
  await code.commit('Say hello in the preview');
  await expect(code.status).toContainText('Committed');
  await expect(preview.frame.locator('#fresh')).toHaveText('Fresh from the branch');
  await expect(preview.status).toContainText('Refreshed after a commit');
  await code.page.close();
});

/** A page that tries what a hostile repository would: read the app's cookies and use its API as the viewer. */
const probePage = (appOrigin: string) => `<!doctype html>
<title>Probe</title>
<pre id="cookie">pending</pre><pre id="read">pending</pre><pre id="write">pending</pre><pre id="href">pending</pre>
<script>
  const show = (id, text) => (document.getElementById(id).textContent = text);
  show('href', location.href);
  try { show('cookie', 'read:' + document.cookie); } catch (error) { show('cookie', 'blocked:' + error.name); }
  fetch('${appOrigin}/api/agents', { credentials: 'include' })
    .then(async (response) => 'status:' + response.status + ':' + (await response.text()).slice(0, 200), (error) => 'failed:' + error.name)
    .then((text) => show('read', text));
  fetch('${appOrigin}/api/agents', {
    method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ owner: 'alice', repo: 'sample-game', baseBranch: 'main', taskRequest: 'probe from a previewed page' }),
  }).then((response) => 'sent:' + response.type, (error) => 'failed:' + error.name).then((text) => show('write', text));
</script>`;

test('a previewed page can neither read the app’s cookies, nor its preview link, nor call the app’s API as the user', async ({ page, context, baseURL }) => {
  await new SignInFlow(page).signIn('alice');
  await context.addCookies([{ name: 'app_probe', value: 'readable-by-app-scripts', url: baseURL! }]);
  expect(await page.evaluate(() => document.cookie)).toContain('app_probe=readable-by-app-scripts');
  const branch = await newBranchViaApp(page, 'preview');
  await commitAs('alice', { owner, repo, branch, path: 'index.html', content: probePage(new URL(baseURL!).origin), message: 'Probe page' });

  const preview = new PreviewPage(page);
  await preview.open(owner, repo, branch);
  await expect(preview.frame.locator('#cookie')).toHaveText('blocked:SecurityError');
  await expect(preview.frame.locator('#read')).toHaveText('failed:TypeError');
  await expect(preview.frame.locator('#write')).toHaveText('sent:opaque');
  // The link's token (30 minutes of reading the branch as alice) was traded for a key to this one commit.
  const src = await preview.frameUrl();
  const linkToken = src.pathname.split('/')[2]!;
  const href = new URL((await preview.frame.locator('#href').textContent())!);
  expect(href.origin).toBe(src.origin);
  expect(href.pathname).toMatch(/^\/snapshot\/v1\.[^/]+\/$/);
  expect(href.href).not.toContain(linkToken);

  // Opened in a tab of its own, the page is still sandboxed by its response header.
  const [tab] = await Promise.all([page.waitForEvent('popup'), page.getByRole('link', { name: 'Open in new tab' }).click()]);
  await expect(tab.locator('#cookie')).toHaveText('blocked:SecurityError');
  await expect(tab.locator('#read')).toHaveText('failed:TypeError');
  await expect(tab.locator('#href')).toHaveText(/\/snapshot\/v1\./);
  expect(tab.url()).not.toContain(linkToken);
  await tab.close();

  // The blind write did not act as alice: no agent was created.
  const agents = await page.request.get('/api/agents');
  expect(agents.ok()).toBe(true);
  expect(JSON.stringify(await agents.json())).not.toContain('probe from a previewed page');
});
