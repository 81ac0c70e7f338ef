import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuards, type SessionUser } from '@/lib/auth/guard';
import { getGitHubAccessToken, upsertGitHubUser } from '@/lib/auth/tokens';
import { githubClientForUser } from '@/lib/github/client';
import { tokensFromResponse } from '@/lib/github/oauth';
import { createOctokit } from '@/lib/github/octokit';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, type TestGitHub } from '../support/github';

let github: TestGitHub;
let database: TestDatabase;
const users: Record<string, SessionUser> = {};
const rawTokens: Record<string, string> = {};

async function signInAs(login: string): Promise<SessionUser> {
  const tokens = await github.signIn(login);
  const profile = await createOctokit({ token: tokens.access_token }).rest.users.getAuthenticated();
  const id = await upsertGitHubUser(database.db, profile.data, tokensFromResponse(tokens));
  rawTokens[login] = tokens.access_token;
  return { id, login };
}

beforeAll(async () => {
  github = await startTestGitHub();
  database = await createTestDatabase();
  for (const login of ['alice', 'bob', 'carol', 'dave']) users[login] = await signInAs(login);
});

afterAll(async () => {
  await database?.drop();
  await github?.close();
});

describe('GitHub tokens', () => {
  it('are stored encrypted: the raw token never appears in the row', async () => {
    const row = await sql<{ row: string }>`SELECT to_jsonb(users)::text AS row FROM users WHERE login = 'alice'`.execute(database.db);
    const text = row.rows[0]?.row ?? '';
    expect(text).toContain('alice');
    expect(text).not.toContain(rawTokens.alice);
    expect(await getGitHubAccessToken(database.db, users.alice!.id)).toBe(rawTokens.alice);
  });

  it('are refreshed transparently when expired, and the new pair is stored', async () => {
    const user = await signInAs('bob');
    await database.db.updateTable('users').set({ access_token_expires_at: new Date(Date.now() - 60_000) }).where('id', '=', user.id).execute();
    const client = githubClientForUser(database.db, user.id);
    const { data } = await client.rest.users.getAuthenticated();
    expect(data.login).toBe('bob');
    const renewed = await getGitHubAccessToken(database.db, user.id);
    expect(renewed).not.toBe(rawTokens.bob);
    const row = await database.db.selectFrom('users').select('access_token_expires_at').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.access_token_expires_at!.getTime()).toBeGreaterThan(Date.now() + 60 * 60 * 1000);
  });

  it('are renewed when GitHub rejects one before its recorded expiry', async () => {
    const user = await signInAs('carol');
    await github.control('expire-token', { login: 'carol' });
    const client = githubClientForUser(database.db, user.id);
    const { data } = await client.rest.users.getAuthenticated();
    expect(data.login).toBe('carol');
    expect(await getGitHubAccessToken(database.db, user.id)).not.toBe(rawTokens.carol);
  });

  it('refresh concurrently without signing the user out (single-use refresh tokens)', async () => {
    const user = await signInAs('dave');
    await database.db.updateTable('users').set({ access_token_expires_at: new Date(0) }).where('id', '=', user.id).execute();
    const tokens = await Promise.all(Array.from({ length: 5 }, () => getGitHubAccessToken(database.db, user.id)));
    expect(new Set(tokens).size).toBe(1);
  });
});

describe('the access wrapper', () => {
  const as = (login?: string, { trustProxy = false } = {}) =>
    createGuards({ resolveUser: async () => (login ? users[login]! : null), db: () => database.db, trustProxy: () => trustProxy });
  const ok = async (_request: Request, context: { owner: string; repo: string; permission: string }) =>
    Response.json({ repo: `${context.owner}/${context.repo}`, permission: context.permission });
  const call = (login: string | undefined, need: 'read' | 'write', params: { owner: string; repo: string }, init?: RequestInit, trustProxy = false) =>
    as(login, { trustProxy }).withRepoAccess(need, ok)(new Request('http://app.test/api/x', init), { params: Promise.resolve(params) });
  const repo = { owner: 'alice', repo: 'sample-game' };

  it('lets readers read and writers write', async () => {
    const read = await call('carol', 'read', repo);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ repo: 'alice/sample-game', permission: 'read' });
    expect((await call('bob', 'write', repo)).status).toBe(200);
    expect(await (await call('alice', 'write', repo)).json()).toMatchObject({ permission: 'admin' });
  });

  it('answers 404 to a user without access, like GitHub', async () => {
    const response = await call('dave', 'read', repo);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'Repository alice/sample-game was not found, or you do not have access to it.' },
    });
    expect((await call('alice', 'read', { owner: 'alice', repo: 'no-such-repo' })).status).toBe(404);
    expect((await call('alice', 'read', { owner: '../etc', repo: 'passwd' })).status).toBe(404);
  });

  it('answers 403 to a reader who needs write, and 401 to anonymous', async () => {
    const response = await call('carol', 'write', repo);
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');
    const anonymous = await call(undefined, 'read', repo);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe('unauthorized');
  });

  it('rejects a mutation from another origin', async () => {
    const forged = await call('bob', 'write', repo, { method: 'POST', headers: { origin: 'https://evil.example', host: 'app.test' } });
    expect(forged.status).toBe(403);
    const sameSite = await call('bob', 'write', repo, { method: 'POST', headers: { origin: 'http://app.test', host: 'app.test' } });
    expect(sameSite.status).toBe(200);
  });

  it('believes X-Forwarded-Host only behind a configured proxy', async () => {
    const spoofed = { method: 'POST', headers: { origin: 'http://evil.example', 'x-forwarded-host': 'evil.example', host: 'app.test' } };
    expect((await call('bob', 'write', repo, spoofed)).status).toBe(403);
    const proxied = { method: 'POST', headers: { origin: 'https://webedt.example', 'x-forwarded-host': 'webedt.example', host: '10.0.0.5:3000' } };
    expect((await call('bob', 'write', repo, proxied)).status).toBe(403);
    expect((await call('bob', 'write', repo, proxied, true)).status).toBe(200);
  });

  it('refuses a mutation the browser marks cross-site, even without an Origin', async () => {
    const crossSite = await call('bob', 'write', repo, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site', host: 'app.test' } });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toEqual({ error: { code: 'forbidden', message: 'The request origin is not allowed.' } });
    for (const site of ['same-origin', 'none']) {
      expect((await call('bob', 'write', repo, { method: 'POST', headers: { 'sec-fetch-site': site, host: 'app.test' } })).status, site).toBe(200);
    }
    expect((await call('bob', 'read', repo, { headers: { 'sec-fetch-site': 'cross-site', host: 'app.test' } })).status).toBe(200);
  });

  it('server actions return typed errors instead of throwing', async () => {
    const { z } = await import('zod');
    const action = as('dave').repoAction('read', z.object({ owner: z.string(), repo: z.string() }), async (input) => input.repo);
    expect(await action(repo)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Repository alice/sample-game was not found, or you do not have access to it.' },
    });
    expect(await as('carol').repoAction('read', z.object({ owner: z.string(), repo: z.string() }), async (input) => input.repo)(repo)).toEqual({
      ok: true,
      data: 'sample-game',
    });
    const invalid = await as('carol').authedAction(z.object({ n: z.number() }), async ({ n }) => n)({ n: 'x' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });
});

describe('the Octokit factory', () => {
  type LoggedRequest = { method: string; path: string; status: number };
  const requestsSince = async (count: number) => {
    const log = (await github.control('requests')) as { requests: LoggedRequest[] } | LoggedRequest[];
    const list = Array.isArray(log) ? log : log.requests;
    return list.slice(count);
  };
  const logLength = async () => (await requestsSince(0)).length;

  it('waits out a secondary rate limit and retries after retry-after', async () => {
    const client = createOctokit({ token: rawTokens.alice, cacheKey: 'secondary', retryBaseMs: 1000 });
    await github.control('faults', { kind: 'secondary-rate-limit', retryAfter: 1, count: 1, pathPattern: '/repos/alice/sample-game$' });
    const before = await logLength();
    const started = Date.now();
    const { data } = await client.rest.repos.get({ owner: 'alice', repo: 'sample-game' });
    expect(data.full_name).toBe('alice/sample-game');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const statuses = (await requestsSince(before)).map((entry) => entry.status);
    expect(statuses).toEqual([403, 200]);
  });

  it('retries a transient 5xx', async () => {
    const client = createOctokit({ token: rawTokens.alice, cacheKey: 'transient', retryBaseMs: 10 });
    await github.control('faults', { status: 503, count: 1, pathPattern: '/repos/alice/sample-game/branches' });
    const before = await logLength();
    const { data } = await client.rest.repos.listBranches({ owner: 'alice', repo: 'sample-game' });
    expect(data.map((branch) => branch.name)).toContain('main');
    expect((await requestsSince(before)).map((entry) => entry.status)).toEqual([503, 200]);
  });

  it('makes repeated reads conditional: GitHub answers 304 and the cached body is returned', async () => {
    const client = createOctokit({ token: rawTokens.alice, cacheKey: 'etag' });
    const first = await client.rest.repos.getBranch({ owner: 'alice', repo: 'sample-game', branch: 'main' });
    const before = await logLength();
    const second = await client.rest.repos.getBranch({ owner: 'alice', repo: 'sample-game', branch: 'main' });
    expect(second.data).toEqual(first.data);
    expect((await requestsSince(before)).map((entry) => entry.status)).toEqual([304]);
  });
});
