import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { startGitHubEmulator } from '@/emulators/github/server';
import { upsertGitHubUser } from '@/lib/auth/tokens';
import type { Database } from '@/lib/db/schema';
import { tokensFromResponse } from '@/lib/github/oauth';
import { createOctokit } from '@/lib/github/octokit';

export const OAUTH_CLIENT = { id: 'webedt-local', secret: 'webedt-local-secret' };

export interface TestGitHub {
  url: string;
  apiUrl: string;
  /** Where the emulator keeps its bare repositories (`repos/<owner>/<name>.git`), for checking with git. */
  dataDir: string;
  close(): Promise<void>;
  /** Runs the OAuth code flow non-interactively as `login`, returning GitHub's token response. */
  signIn(login: string): Promise<{ access_token: string; refresh_token: string; expires_in: number; refresh_token_expires_in: number }>;
  control(pathname: string, body?: unknown, method?: string): Promise<unknown>;
}

/**
 * A GitHub emulator in a temporary directory, with the app's GitHub settings pointed at it.
 * Call before anything reads `env()` (it is parsed once per process).
 */
export async function startTestGitHub(): Promise<TestGitHub> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'webedt-github-'));
  const emulator = await startGitHubEmulator({ port: 0, dataDir });
  Object.assign(process.env, {
    GITHUB_URL: emulator.url,
    GITHUB_API_URL: emulator.apiUrl,
    GITHUB_CLIENT_ID: OAUTH_CLIENT.id,
    GITHUB_CLIENT_SECRET: OAUTH_CLIENT.secret,
    AUTH_SECRET: 'test-secret-test-secret-test-secret-0123',
  });
  const redirectUri = 'http://127.0.0.1/callback';
  return {
    url: emulator.url,
    apiUrl: emulator.apiUrl,
    dataDir,
    async close() {
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
    async signIn(login) {
      const authorize = new URL('/login/oauth/authorize', emulator.url);
      authorize.search = new URLSearchParams({ client_id: OAUTH_CLIENT.id, redirect_uri: redirectUri, state: 's', login }).toString();
      const redirect = await fetch(authorize, { redirect: 'manual' });
      const code = new URL(redirect.headers.get('location') ?? '', redirectUri).searchParams.get('code');
      if (!code) throw new Error(`no code for ${login}: ${redirect.status}`);
      const token = await fetch(new URL('/login/oauth/access_token', emulator.url), {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: OAUTH_CLIENT.id, client_secret: OAUTH_CLIENT.secret, code, redirect_uri: redirectUri }),
      });
      return token.json();
    },
    async control(pathname, body, method = body === undefined ? 'GET' : 'POST') {
      const response = await fetch(new URL(`/_emulator/${pathname}`, emulator.url), {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`control ${pathname}: ${response.status}`);
      return response.status === 204 ? null : response.json();
    },
  };
}

/**
 * Signs `login` in through the emulator's OAuth flow and stores the user as the sign-in callback does;
 * returns our user id and the raw access token.
 */
export async function storeSignedInUser(github: TestGitHub, db: Kysely<Database>, login: string): Promise<{ id: string; token: string }> {
  const tokens = await github.signIn(login);
  const profile = await createOctokit({ token: tokens.access_token }).rest.users.getAuthenticated();
  return { id: await upsertGitHubUser(db, profile.data, tokensFromResponse(tokens)), token: tokens.access_token };
}
