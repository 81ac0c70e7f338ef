import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit } from '@/lib/github/octokit';
import { startPreviewServer } from '@/lib/preview/server';
import { signPreviewToken } from '@/lib/preview/token';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, storeSignedInUser, type TestGitHub } from '../support/github';

/** The preview server on a real database and the GitHub emulator, reached over HTTP like a browser. */
let github: TestGitHub;
let database: TestDatabase;
let server: { port: number; close: () => Promise<void> };
const secret = 'preview-test-secret-preview-test-secret';
const users: Record<string, { id: string; token: string }> = {};
const repo = { owner: 'alice', repo: 'sample-game' };

async function signInAs(login: string): Promise<void> {
  users[login] = await storeSignedInUser(github, database.db, login);
}

const tokenFor = (login: string, branch = 'main', options?: { now?: number; ttlSeconds?: number }) =>
  signPreviewToken(secret, { userId: users[login]!.id, ...repo, branch }, options);
const get = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${server.port}${path}`, { redirect: 'manual', ...init });

/** Opens a preview link as a browser does: the link redirects to the snapshot address the page then has. */
async function open(token: string, path = ''): Promise<{ snapshot: string; response: Response }> {
  const link = await get(`/p/${token}/${path}`);
  expect(link.status).toBe(307);
  expectSandboxed(link);
  const snapshot = link.headers.get('location')!;
  expect(snapshot).toMatch(/^\/snapshot\/v1\.[\w-]+\.[\w-]+\//);
  return { snapshot, response: await get(snapshot) };
}

beforeAll(async () => {
  github = await startTestGitHub();
  database = await createTestDatabase();
  for (const login of ['alice', 'dave']) await signInAs(login);
  server = await startPreviewServer({ db: database.db, secret, port: 0 });
});

afterAll(async () => {
  await server?.close();
  await database?.drop();
  await github?.close();
});

function expectSandboxed(response: Response): void {
  expect(response.headers.get('content-security-policy')).toBe('sandbox allow-scripts allow-forms allow-popups');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('preview server', () => {
  it('serves the branch root’s index.html and its assets with their types, every response sandboxed', async () => {
    const { snapshot, response: page } = await open(tokenFor('alice'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expectSandboxed(page);
    expect(await page.text()).toContain('<title>Sample Game</title>');
    for (const [path, type] of [
      ['src/style.css', 'text/css; charset=utf-8'],
      ['src/game.js', 'text/javascript; charset=utf-8'],
      ['scenes/level1.scene.json', 'application/json; charset=utf-8'],
      ['assets/images/logo.svg', 'image/svg+xml'],
    ]) {
      const asset = await get(`${snapshot}${path}`);
      expect([path, asset.status, asset.headers.get('content-type')]).toEqual([path, 200, type]);
      expectSandboxed(asset);
    }
    const png = await get(`${snapshot}assets/images/player.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('keeps the link token out of the page’s address: the page reads one commit, a new load follows the branch', async () => {
    const branch = `preview-${Date.now()}`;
    const alice = createOctokit({ token: users.alice!.token });
    const { data: main } = await alice.rest.git.getRef({ ...repo, ref: 'heads/main' });
    await alice.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: main.object.sha });
    const token = tokenFor('alice', branch);
    const { snapshot, response: first } = await open(token, 'index.html?level=2');
    expect(snapshot).not.toContain(token);
    expect(snapshot).toMatch(/\/index\.html\?level=2$/);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    const again = await get(snapshot, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expectSandboxed(again);

    const { data: file } = await alice.rest.repos.getContent({ ...repo, path: 'index.html', ref: branch });
    await alice.rest.repos.createOrUpdateFileContents({
      ...repo,
      branch,
      path: 'index.html',
      message: 'New page',
      content: Buffer.from('<h1>Moved on</h1>').toString('base64'),
      sha: (file as { sha: string }).sha,
    });
    // What the page holds reads its own commit only, never what the branch becomes.
    expect((await get(snapshot, { headers: { 'if-none-match': etag! } })).status).toBe(304);
    const { snapshot: later, response: moved } = await open(token, 'index.html');
    expect(later).not.toBe(snapshot);
    expect(moved.status).toBe(200);
    expect(await moved.text()).toBe('<h1>Moved on</h1>');
  });

  it('redirects to the folder form so relative links resolve, and 404s what is not there', async () => {
    const token = tokenFor('alice');
    const bare = await get(`/p/${token}`);
    expect([bare.status, bare.headers.get('location')]).toEqual([308, `/p/${token}/`]);
    const { snapshot } = await open(token);
    const missing = await get(`${snapshot}nothing/here.js`);
    expect(missing.status).toBe(404);
    expectSandboxed(missing);
    expect(await missing.text()).toMatch(/^nothing\/here\.js is not in this version of the branch \(commit [0-9a-f]{7}\)/);
    const folder = await get(`${snapshot}src`);
    expect(folder.status).toBe(404);
  });

  it('refuses bad, expired and foreign tokens, paths out of the tree and writes', async () => {
    const token = tokenFor('alice');
    const { snapshot } = await open(token);
    const key = snapshot.split('/')[2]!;
    const tampered = await get(`/p/${token.slice(0, -3)}abc/`);
    expect([tampered.status, await tampered.text()]).toEqual([403, 'This preview link is not valid.\n']);
    expectSandboxed(tampered);
    const expired = await get(`/p/${tokenFor('alice', 'main', { now: Math.floor(Date.now() / 1000) - 3600, ttlSeconds: 60 })}/`);
    expect([expired.status, await expired.text()]).toEqual([403, 'This preview link has expired: refresh the Preview tab for a new one.\n']);
    // dave cannot read alice/sample-game: a token naming it (however obtained) shows nothing.
    const foreign = await get(`/p/${tokenFor('dave')}/`);
    expect(foreign.status).toBe(404);
    // A link token is no snapshot key, nor the other way round: each is signed for its own use.
    expect([(await get(`/snapshot/${token}/`)).status, (await get(`/p/${key}/`)).status]).toEqual([403, 403]);
    const alteredKey = await get(`/snapshot/${key.slice(0, -3)}abc/`);
    expect([alteredKey.status, await alteredKey.text()]).toEqual([403, 'This preview address is not valid.\n']);
    for (const prefix of [`/p/${token}`, `/snapshot/${key}`]) {
      expect((await get(`${prefix}/src%2F..%2F..%2Fsecret`)).status).toBe(400);
      expect((await get(`${prefix}/.git/config`)).status).toBe(400);
    }
    const post = await get(`/p/${token}/`, { method: 'POST', body: 'x' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const elsewhere = await get('/api/agents');
    expect(elsewhere.status).toBe(404);
  });
});
