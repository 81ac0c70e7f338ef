import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, rejection, startEmulator } from './support';

let gh: Emulator;
let token: string;
const repo = { owner: 'alice', repo: 'sample-game' };

beforeAll(async () => {
  gh = await startEmulator();
  token = await gh.token('alice');
});
afterEach(async () => {
  await gh.control.reset();
});
afterAll(async () => {
  await gh?.close();
});

describe('control endpoints', () => {
  it('the request log counts calls by method, path and user; clearing keeps the sequence', async () => {
    const octokit = gh.octokit(token);
    await gh.control.clearRequests();
    await octokit.rest.repos.get(repo);
    await octokit.rest.repos.get(repo);
    await octokit.rest.repos.listBranches(repo);
    await gh.octokit().rest.repos.get({ owner: 'alice', repo: 'hello-world' });
    expect(await gh.control.count({ method: 'GET', pathPattern: '^/api/v3/repos/alice/sample-game$' })).toBe(2);
    expect(await gh.control.count({ user: 'alice' })).toBe(3);
    expect(await gh.control.count({ user: null })).toBe(1);
    const { requests, lastSeq } = await gh.control.requests();
    expect(requests).toHaveLength(4);
    expect(requests[0]).toMatchObject({ method: 'GET', path: '/api/v3/repos/alice/sample-game', status: 200, kind: 'api', user: 'alice' });
    await gh.control.clearRequests();
    expect((await gh.control.requests()).requests).toEqual([]);
    await octokit.rest.users.getAuthenticated();
    const after = await gh.control.requests(lastSeq);
    expect(after.requests.map((r) => r.seq)).toEqual([lastSeq + 1]);
  });

  it('lists users', async () => {
    const users = await gh.control.users();
    expect(users.map((u) => u.login)).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(users[0]).toEqual({ login: 'alice', id: 1001, name: 'Alice Anderson', email: 'alice@example.com', avatar_url: `${gh.url}/avatars/alice` });
  });

  it('latency injection delays matching requests only', async () => {
    // A long delay against generous bounds: a busy machine must not decide the outcome.
    const octokit = gh.octokit(token);
    await gh.control.latency({ ms: 1500, pathPattern: '/branches$' });
    let started = Date.now();
    await octokit.rest.repos.listBranches(repo);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1490);
    started = Date.now();
    await octokit.rest.repos.get(repo);
    expect(Date.now() - started).toBeLessThan(1000);
    await gh.control.latency({ ms: 0, pathPattern: '/branches$' });
    started = Date.now();
    await octokit.rest.repos.listBranches(repo);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('5xx faults fail exactly `count` matching requests', async () => {
    const octokit = gh.octokit(token);
    await gh.control.fault({ status: 502, count: 2, pathPattern: '/repos/alice/sample-game$', method: 'GET' });
    expect((await rejection(octokit.rest.repos.get(repo))).status).toBe(502);
    await octokit.rest.repos.listBranches(repo);
    expect((await rejection(octokit.rest.repos.get(repo))).status).toBe(502);
    expect((await octokit.rest.repos.get(repo)).status).toBe(200);
    expect(await gh.control.count({ pathPattern: '/repos/alice/sample-game$' })).toBe(3);
  });

  it('secondary rate limit: 403 with retry-after and the message Octokit recognizes; the throttling plugin retries', async () => {
    await gh.control.fault({ kind: 'secondary-rate-limit', retryAfter: 1, count: 1, pathPattern: '/user$' });
    const limited = await rejection(gh.octokit(token).rest.users.getAuthenticated());
    expect(limited.status).toBe(403);
    expect(limited.response?.headers['retry-after']).toBe('1');
    expect(limited.response?.data).toMatchObject({ message: expect.stringContaining('secondary rate limit') });
    // GitHub reports the primary limit on a secondary-limit 403 as well.
    expect(limited.response?.headers).toMatchObject({ 'x-ratelimit-limit': '5000', 'x-ratelimit-resource': 'core' });
    expect(Number(limited.response?.headers['x-ratelimit-remaining'])).toBeGreaterThan(0);

    await gh.control.fault({ kind: 'secondary-rate-limit', retryAfter: 1, count: 1, pathPattern: '/user$' });
    const waits: number[] = [];
    const Throttled = Octokit.plugin(throttling, retry);
    const octokit = new Throttled({
      baseUrl: gh.apiUrl,
      auth: token,
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      throttle: {
        onRateLimit: () => false,
        onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => {
          waits.push(retryAfter);
          return retryCount < 1;
        },
      },
    });
    const started = Date.now();
    const { data } = await octokit.rest.users.getAuthenticated();
    expect(data.login).toBe('alice');
    expect(waits).toEqual([1]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('expire-token makes a token answer 401 Bad credentials', async () => {
    const own = await gh.token('carol');
    const other = await gh.token('carol');
    const octokit = gh.octokit(own);
    expect((await octokit.rest.users.getAuthenticated()).data.login).toBe('carol');
    expect(await gh.control.expireToken({ token: own })).toEqual({ expired: 1 });
    const expired = await rejection(octokit.rest.users.getAuthenticated());
    expect(expired.status).toBe(401);
    expect(expired.response?.data).toMatchObject({ message: 'Bad credentials' });
    expect((await gh.octokit(other).rest.users.getAuthenticated()).status).toBe(200);
    expect((await gh.control.expireToken({ login: 'carol' })).expired).toBeGreaterThanOrEqual(1);
    expect((await rejection(gh.octokit(other).rest.users.getAuthenticated())).status).toBe(401);
  });

  it('primary rate limit override → 403 rate limit exceeded with x-ratelimit-remaining 0', async () => {
    const octokit = gh.octokit(await gh.token('bob'));
    await gh.control.rateLimit(2);
    await octokit.rest.users.getAuthenticated();
    const second = await octokit.rest.users.getAuthenticated();
    expect(second.headers['x-ratelimit-remaining']).toBe('0');
    const exceeded = await rejection(octokit.rest.users.getAuthenticated());
    expect(exceeded.status).toBe(403);
    expect(exceeded.response?.data).toMatchObject({ message: expect.stringContaining('API rate limit exceeded') });
    await gh.control.reset();
    expect((await octokit.rest.users.getAuthenticated()).headers['x-ratelimit-limit']).toBe('5000');
  });

  it('OAuth scope headers: the token scopes for user tokens and the scopes each endpoint accepts', async () => {
    const octokit = gh.octokit(token);
    const user = await octokit.rest.users.getAuthenticated();
    expect(user.headers).toMatchObject({ 'x-oauth-scopes': '', 'x-accepted-oauth-scopes': '' });
    expect((await octokit.rest.repos.get(repo)).headers['x-accepted-oauth-scopes']).toBe('repo');
    expect((await octokit.rest.users.listEmailsForAuthenticatedUser()).headers['x-accepted-oauth-scopes']).toBe('user, user:email');
    const anonymous = await gh.octokit().rest.repos.get({ owner: 'alice', repo: 'hello-world' });
    expect(anonymous.headers['x-oauth-scopes']).toBeUndefined();
    expect(anonymous.headers['x-accepted-oauth-scopes']).toBe('repo');
  });

  it('tree limit: a longer recursive listing is cut short with truncated: true; plain listings are whole', async () => {
    const octokit = gh.octokit(token);
    const whole = await octokit.rest.git.getTree({ ...repo, tree_sha: 'main', recursive: '1' });
    expect(whole.data.truncated).toBe(false);
    await gh.control.treeLimit(3);
    const cut = await octokit.rest.git.getTree({ ...repo, tree_sha: 'main', recursive: '1' });
    expect(cut.data.truncated).toBe(true);
    expect(cut.data.tree).toEqual(whole.data.tree.slice(0, 3));
    expect((await octokit.rest.git.getTree({ ...repo, tree_sha: 'main' })).data.truncated).toBe(false);
  });

  it('replication lag: after a ref update, reads answer the previous sha for the lag, writes see the current one', async () => {
    const octokit = gh.octokit(token);
    const main = (await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
    const branch = `lag-${Date.now()}`;
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: main });
    await gh.control.replicationLag(400);
    const { data: put } = await octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      branch,
      path: 'lag.txt',
      message: 'lag',
      content: Buffer.from('lag').toString('base64'),
    });
    const newHead = put.commit.sha!;
    expect((await octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` })).data.object.sha).toBe(main);
    expect((await octokit.rest.repos.getBranch({ ...repo, branch })).data.commit.sha).toBe(main);
    // The primary still refuses a stale update.
    const stale = await rejection(octokit.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: main }));
    expect(stale.status).toBe(422);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` })).data.object.sha).toBe(newHead);
  });

  it('createUserToken honors expiresIn', async () => {
    const short = await gh.control.createUserToken('dave', { expiresIn: 1 });
    expect(short.expires_in).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await rejection(gh.octokit(short.access_token).rest.users.getAuthenticated())).status).toBe(401);
  });
});
