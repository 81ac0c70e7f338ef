import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, type Emulator, exchange, oauthCode, REDIRECT_URI, startEmulator } from './support';

let gh: Emulator;
beforeAll(async () => {
  gh = await startEmulator();
});
afterAll(async () => {
  await gh?.close();
});

describe('OAuth authorize page', () => {
  it('lists the seeded users as buttons and offers a login field', async () => {
    const url = new URL('/login/oauth/authorize', gh.url);
    url.search = new URLSearchParams({ client_id: CLIENT.id, redirect_uri: REDIRECT_URI, state: 'x' }).toString();
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    for (const [login, name] of [
      ['alice', 'Alice Anderson'],
      ['bob', 'Bob Brown'],
      ['carol', 'Carol Chen'],
      ['dave', 'Dave Davis'],
    ]) {
      expect(html).toContain(`<button type="submit" name="login" value="${login}">`);
      expect(html).toMatch(new RegExp(`${login}</span> — <span class="name">${name}`));
    }
    expect(html).toContain('name="login" autocomplete="username"');
    expect(html).toContain('<input type="hidden" name="state" value="x">');
  });

  it('submitting the picker (POST) redirects with code and state', async () => {
    const response = await fetch(new URL('/login/oauth/authorize', gh.url), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: CLIENT.id, redirect_uri: REDIRECT_URI, state: 'abc', login: 'bob' }),
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('abc');
    expect(location.searchParams.get('code')).toMatch(/^[0-9a-f]{20}$/);
  });

  it('an unknown login re-shows the page with an error; an unknown client is rejected', async () => {
    const page = await fetch(new URL('/login/oauth/authorize', gh.url), {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ client_id: CLIENT.id, redirect_uri: REDIRECT_URI, login: 'mallory' }),
    });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('no user named “mallory”');
    const unknown = await fetch(new URL(`/login/oauth/authorize?client_id=nope&redirect_uri=${REDIRECT_URI}`, gh.url));
    expect(unknown.status).toBe(400);
  });
});

describe('OAuth token endpoint', () => {
  it('exchanges a code for an expiring ghu_ token with a ghr_ refresh token', async () => {
    const code = await oauthCode(gh.url, 'alice');
    const token = await exchange(gh.url, { code, redirect_uri: REDIRECT_URI });
    expect(token).toMatchObject({ token_type: 'bearer', expires_in: 28800, refresh_token_expires_in: 15897600, scope: '' });
    expect(token.access_token).toMatch(/^ghu_[A-Za-z0-9]{36}$/);
    expect(token.refresh_token).toMatch(/^ghr_[A-Za-z0-9]{76}$/);
    const { data } = await gh.octokit(String(token.access_token)).rest.users.getAuthenticated();
    expect(data.login).toBe('alice');

    // A code is single-use.
    expect(await exchange(gh.url, { code })).toMatchObject({ error: 'bad_verification_code' });
  });

  it('answers errors with HTTP 200 and GitHub error codes', async () => {
    const response = await fetch(new URL('/login/oauth/access_token', gh.url), {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: CLIENT.id, client_secret: CLIENT.secret, code: 'not-a-code' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      error: 'bad_verification_code',
      error_description: 'The code passed is incorrect or expired.',
      error_uri: expect.stringContaining('bad-verification-code'),
    });
    const code = await oauthCode(gh.url, 'alice');
    expect(await exchange(gh.url, { code, client_secret: 'wrong' })).toMatchObject({ error: 'incorrect_client_credentials' });
  });

  it('refreshes tokens; a used refresh token is invalid afterwards', async () => {
    const first = await exchange(gh.url, { code: await oauthCode(gh.url, 'bob') });
    const second = await exchange(gh.url, { grant_type: 'refresh_token', refresh_token: String(first.refresh_token) });
    expect(second.access_token).toMatch(/^ghu_/);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await gh.octokit(String(second.access_token)).rest.users.getAuthenticated()).data.login).toBe('bob');
    expect(await exchange(gh.url, { grant_type: 'refresh_token', refresh_token: String(first.refresh_token) })).toMatchObject({
      error: 'bad_refresh_token',
    });
    expect(await exchange(gh.url, { grant_type: 'refresh_token', refresh_token: 'ghr_bogus' })).toMatchObject({
      error: 'bad_refresh_token',
    });
  });

  it('answers urlencoded without Accept: application/json, and takes form bodies and Basic client auth', async () => {
    const code = await oauthCode(gh.url, 'carol');
    const response = await fetch(new URL('/login/oauth/access_token', gh.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ code, redirect_uri: REDIRECT_URI }),
    });
    expect(response.headers.get('content-type')).toContain('application/x-www-form-urlencoded');
    const form = new URLSearchParams(await response.text());
    expect(form.get('access_token')).toMatch(/^ghu_/);
    expect(form.get('expires_in')).toBe('28800');
    expect(form.get('token_type')).toBe('bearer');
  });

  it('checks PKCE (S256) when the authorize request carried a code_challenge', async () => {
    const verifier = 'a'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorize = new URL('/login/oauth/authorize', gh.url);
    authorize.search = new URLSearchParams({
      client_id: CLIENT.id,
      redirect_uri: REDIRECT_URI,
      login: 'alice',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    const code = () =>
      fetch(authorize, { redirect: 'manual' }).then((r) => new URL(r.headers.get('location') ?? '').searchParams.get('code') ?? '');
    expect(await exchange(gh.url, { code: await code(), code_verifier: 'wrong' })).toMatchObject({ error: 'bad_verification_code' });
    expect(await exchange(gh.url, { code: await code(), code_verifier: verifier })).toHaveProperty('access_token');
  });

  it('logs OAuth requests with the user', async () => {
    const since = (await gh.control.requests()).lastSeq;
    await exchange(gh.url, { code: await oauthCode(gh.url, 'dave') });
    const { requests } = await gh.control.requests(since);
    expect(requests.map((r) => [r.kind, r.method, r.path, r.user])).toEqual([
      ['oauth', 'GET', '/login/oauth/authorize', 'dave'],
      ['oauth', 'POST', '/login/oauth/access_token', 'dave'],
    ]);
  });
});
