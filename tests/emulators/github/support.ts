/** Shared setup for the GitHub emulator tests: one emulator per test file, real Octokit and git clients. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Octokit } from '@octokit/rest';
import { GitHubEmulatorControl } from '@/emulators/github/control';
import { startGitHubEmulator } from '@/emulators/github/server';

export const CLIENT = { id: 'webedt-local', secret: 'webedt-local-secret' };
export const REDIRECT_URI = 'http://127.0.0.1/callback';

export interface Emulator {
  url: string;
  apiUrl: string;
  control: GitHubEmulatorControl;
  /** A scratch directory removed on close (for clones). */
  tmp: string;
  /** A fresh user access token for the login (skipping the browser round trip). */
  token(login: string): Promise<string>;
  /** Octokit on the emulator; authenticated when a token is given. Retries off so faults surface. */
  octokit(token?: string): Octokit;
  close(): Promise<void>;
}

export async function startEmulator(): Promise<Emulator> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'gh-emu-test-'));
  const emulator = await startGitHubEmulator({ port: 0, dataDir: path.join(tmp, 'data'), logErrors: true });
  const control = new GitHubEmulatorControl(emulator.url);
  return {
    url: emulator.url,
    apiUrl: emulator.apiUrl,
    control,
    tmp,
    async token(login) {
      return (await control.createUserToken(login)).access_token;
    },
    octokit(token) {
      return new Octokit({
        baseUrl: emulator.apiUrl,
        auth: token,
        log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      });
    },
    async close() {
      await emulator.close();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

/** Runs the OAuth web flow without a browser: authorize with `login=` → code → token (JSON). */
export async function oauthCode(url: string, login: string, state = 'st4te'): Promise<string> {
  const authorize = new URL('/login/oauth/authorize', url);
  authorize.search = new URLSearchParams({ client_id: CLIENT.id, redirect_uri: REDIRECT_URI, state, login }).toString();
  const response = await fetch(authorize, { redirect: 'manual' });
  const location = new URL(response.headers.get('location') ?? '');
  if (location.searchParams.get('state') !== state) throw new Error('state not echoed');
  return location.searchParams.get('code') ?? '';
}

export async function exchange(url: string, params: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(new URL('/login/oauth/access_token', url), {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: CLIENT.id, client_secret: CLIENT.secret, ...params }),
  });
  return (await response.json()) as Record<string, unknown>;
}

const exec = promisify(execFile);

/** git with the machine's configuration shut out and prompts disabled (a missing token must fail, not hang). */
export async function git(args: string[], cwd?: string): Promise<{ stdout: string; stderr: string }> {
  return exec('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: os.devNull,
      GIT_TERMINAL_PROMPT: '0',
      GIT_ASKPASS: '',
      SSH_ASKPASS: '',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** `http://x-access-token:TOKEN@host/owner/repo.git` (or without credentials). */
export function cloneUrl(url: string, fullName: string, token?: string): string {
  const u = new URL(`/${fullName}.git`, url);
  if (token) {
    u.username = 'x-access-token';
    u.password = token;
  }
  return u.toString();
}

/** The status of a rejected Octokit request (or of a resolved one). */
export async function statusOf(promise: Promise<{ status: number }>): Promise<number> {
  try {
    return (await promise).status;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (typeof status !== 'number') throw error;
    return status;
  }
}

/** The error an Octokit request rejected with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<{ status: number; response?: { data: unknown; headers: Record<string, unknown> } }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; response?: { data: unknown; headers: Record<string, unknown> } };
  }
  throw new Error('expected the request to fail');
}
