import { createSign, generateKeyPairSync } from 'node:crypto';
import { App } from '@octokit/app';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorApp } from '@/emulators/github/control';
import { type Emulator, startEmulator } from './support';

let gh: Emulator;
let app: EmulatorApp;
beforeAll(async () => {
  gh = await startEmulator();
  app = await gh.control.app();
});
afterAll(async () => {
  await gh?.close();
});

function jwt(privateKey: string, claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

const now = () => Math.floor(Date.now() / 1000);

async function createToken(bearer: string, body: unknown = {}): Promise<Response> {
  return fetch(`${gh.apiUrl}/app/installations/${app.installations[0]?.id}/access_tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, accept: 'application/vnd.github+json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('GitHub App', () => {
  it('control exposes the seeded App with a PKCS#1 key and its installation', () => {
    expect(app).toMatchObject({ id: 4242, slug: 'webedt-local', client_id: 'Iv1.webedtlocal' });
    expect(app.private_key).toContain('BEGIN RSA PRIVATE KEY');
    expect(app.installations).toEqual([{ id: 31001, account: 'alice', repositories: ['alice/sample-game', 'alice/hello-world'] }]);
  });

  it('@octokit/app: App JWT → installation token → repository access', async () => {
    const octokitApp = new App({
      appId: app.id,
      privateKey: app.private_key,
      Octokit: Octokit.defaults({ baseUrl: gh.apiUrl, log: quiet }),
      log: quiet,
    });
    const { data: self } = await octokitApp.octokit.request('GET /app');
    expect(self).toMatchObject({ id: 4242, slug: 'webedt-local' });
    const installation = (await octokitApp.getInstallationOctokit(31001)) as unknown as Octokit;
    const { data: repo } = await installation.rest.repos.get({ owner: 'alice', repo: 'sample-game' });
    expect(repo.full_name).toBe('alice/sample-game');
    const { data: main } = await installation.rest.git.getRef({ owner: 'alice', repo: 'sample-game', ref: 'heads/main' });
    const { status } = await installation.rest.git.createRef({ owner: 'alice', repo: 'sample-game', ref: 'refs/heads/from-app', sha: main.object.sha });
    expect(status).toBe(201);
    expect(await gh.control.count({ method: 'POST', pathPattern: '/access_tokens$', user: 'app:4242' })).toBe(1);
  });

  it('issues ghs_ tokens for a valid RS256 JWT, narrowed to requested repositories', async () => {
    const response = await createToken(jwt(app.private_key, { iat: now() - 30, exp: now() + 540, iss: app.id }), {
      repositories: ['hello-world'],
      permissions: { contents: 'read' },
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { token: string; expires_at: string; permissions: unknown; repositories: { full_name: string }[] };
    expect(body.token).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(body.permissions).toEqual({ contents: 'read' });
    expect(body.repositories.map((r) => r.full_name)).toEqual(['alice/hello-world']);
    const octokit = gh.octokit(body.token);
    await expect(octokit.rest.repos.get({ owner: 'alice', repo: 'sample-game' })).rejects.toMatchObject({ status: 404 });
    // Issues need the issues (or pull_requests) permission, which this token was not given.
    await expect(octokit.rest.issues.listForRepo({ owner: 'alice', repo: 'hello-world' })).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'Resource not accessible by integration' } },
    });
  });

  it('rejects JWTs signed with another key, expired ones and ones from another issuer with 401', async () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const wrongKey = await createToken(jwt(otherKey, { iat: now() - 30, exp: now() + 540, iss: app.id }));
    expect(wrongKey.status).toBe(401);
    expect(await wrongKey.json()).toMatchObject({ message: 'A JSON web token could not be decoded', status: '401' });
    const expired = await createToken(jwt(app.private_key, { iat: now() - 1200, exp: now() - 600, iss: app.id }));
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ message: expect.stringContaining("'Expiration time' claim") });
    const otherIssuer = await createToken(jwt(app.private_key, { iat: now() - 30, exp: now() + 540, iss: 999 }));
    expect(otherIssuer.status).toBe(401);
    // A user token is not an App JWT.
    expect((await createToken(await gh.token('alice'))).status).toBe(401);
  });
});
